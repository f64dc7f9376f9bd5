import { describe, expect, it } from "vitest";
import { FakeHomeserver } from "../../matrix/homeserver.fake.ts";
import { settingsFor } from "../engine/testing/scenario.ts";
import { helpText } from "../staff/index.ts";
import type { CaseForm } from "@helpline/contract";
import { caseCategoriesOf } from "../../helpline/case-categories.ts";
import { createCaseForms } from "../case-forms.ts";
import { jeune4821TakenBy, permanencesClosedAfterEach, staffDesk } from "./testing/staff-room.ts";

const alice = "@alice:x";
const camille = "@camille:x";
const dora = "@dora:x";
const settings = settingsFor([{ userId: alice }, { userId: camille }, { userId: dora }]);
const permanences = permanencesClosedAfterEach(settings);

/** Alice talks with "Jeune 4821"; Camille is on duty with a free slot; Dora is off duty. */
async function aliceInConversation() {
  const homeserver = new FakeHomeserver();
  const counted: CaseForm[] = [];
  const categories = caseCategoriesOf({});
  const forms = createCaseForms({
    categories: categories.map(({ id }) => id),
    count: (form) => counted.push(form),
    now: () => 0,
  });
  const permanence = await permanences.open({ observe: forms.observe });
  await permanence.dispatch({
    type: "availability_set",
    counsellorId: alice,
    availability: "on_duty",
  });
  await jeune4821TakenBy(permanence, alice);
  await permanence.dispatch({
    type: "availability_set",
    counsellorId: camille,
    availability: "on_duty",
  });
  const { says } = staffDesk({
    homeserver,
    permanence,
    settings,
    displayName: (userId) =>
      userId === camille ? "Camille" : (/^@([^:]+)/.exec(userId)?.[1] ?? ""),
    caseForms: { forms, categories },
    // Dora is a supervisor (the admin CLI's role).
    isSupervisor: (userId) => userId === dora,
  });
  return { permanence, counted, redacted: homeserver.redacted, says };
}

describe("!passer in the staff room", () => {
  it("should tell the counsellor in charge the exact invite to send, changing nothing yet", async () => {
    const { permanence, says } = await aliceInConversation();
    const before = JSON.stringify(permanence.state);
    for (const body of [
      "!passer 4821 camille",
      "!passer J-4821 à Camille",
      "!passer 4821 @camille:x",
    ]) {
      const answer = await says(alice, body);
      expect(answer).toContain("Invite @camille:x dans « Jeune 4821 » : /invite @camille:x");
    }
    expect(JSON.stringify(permanence.state)).toBe(before);
  });

  it("should answer an unknown reference or name with the help, without repeating the name", async () => {
    const { says } = await aliceInConversation();
    const unknownReference = await says(alice, "!passer 1234 camille");
    expect(unknownReference).toContain("Aucune conversation « Jeune 1234 » en cours.");
    expect(unknownReference?.endsWith(helpText())).toBe(true);
    const unknownName = await says(alice, "!passer 4821 zoezecret");
    expect(unknownName).toContain("Je ne connais pas cette intervenante.");
    expect(unknownName).not.toContain("zoezecret");
    expect(unknownName?.endsWith(helpText())).toBe(true);
  });

  it("should say why when it cannot be done: not in charge, colleague off duty", async () => {
    const { says } = await aliceInConversation();
    expect(await says(camille, "!passer 4821 dora")).toContain(
      "Passation de Jeune 4821 impossible : seule l'intervenante en charge",
    );
    expect(await says(alice, "!passer 4821 dora")).toContain("dora est hors service");
    expect(await says(alice, "!passer 4821 alice")).toContain("alice est déjà en charge");
  });
});

describe("!relais in the staff room", () => {
  it("should name the next free colleague on duty and the invite to send", async () => {
    const { says } = await aliceInConversation();
    expect(await says(alice, "!relais 4821")).toContain(
      "Invite @camille:x dans « Jeune 4821 » : /invite @camille:x",
    );
  });

  it("should say so when no colleague is free, and when she is not in charge", async () => {
    const { permanence, says } = await aliceInConversation();
    await permanence.dispatch({
      type: "availability_set",
      counsellorId: camille,
      availability: "paused",
    });
    expect(await says(alice, "!relais 4821")).toContain(
      "Aucune collègue en service n'est libre pour Jeune 4821",
    );
    expect(await says(camille, "!relais 4821")).toContain("seule l'intervenante en charge");
  });
});

describe("!file in the staff room", () => {
  it("should send the conversation back to the queue, to the free colleague, without a reply", async () => {
    const { permanence, says } = await aliceInConversation();
    expect(await says(alice, "!file 4821")).toBeUndefined();
    // Camille is free: chosen at once, and Alice's client is asked to invite her.
    expect(permanence.state.conversations["!a:x"]?.phase).toMatchObject({
      kind: "active",
      counsellorId: alice,
      stage: "awaiting_invite",
      requeuedAt: 0,
      to: camille,
    });
    expect(await says(alice, "!file 4821")).toBe(
      "Jeune 4821 est déjà dans la file et Camille va la reprendre. " +
        "Si tu ne l'as pas encore invitée : /invite @camille:x",
    );
  });

  it("should say why when it cannot be done, changing nothing", async () => {
    const { permanence, says } = await aliceInConversation();
    await permanence.dispatch({
      type: "availability_set",
      counsellorId: camille,
      availability: "paused",
    });
    const before = JSON.stringify(permanence.state);
    expect(await says(camille, "!file 4821")).toContain("seule l'intervenante en charge");
    expect(await says(alice, "!file 1234")).toContain(
      "Aucune conversation « Jeune 1234 » en cours.",
    );
    expect(JSON.stringify(permanence.state)).toBe(before);
    // Nobody free: it waits, and asking again says so.
    expect(await says(alice, "!file 4821")).toBeUndefined();
    expect(await says(alice, "!file 4821")).toContain("Jeune 4821 est déjà dans la file");
  });
});

describe("!superviser in the staff room", () => {
  it("should have a supervisor read beside the counsellor in charge, who is told the invite", async () => {
    const { permanence, says } = await aliceInConversation();
    expect(await says(dora, "!superviser 4821")).toBeUndefined();
    expect(permanence.state.conversations["!a:x"]?.observers).toEqual({
      [dora]: { stage: "requested", by: dora, expiresAt: settings.offerTimeoutMs },
    });
    expect(await says(dora, "!superviser 4821")).toBe(
      "Tu lis déjà Jeune 4821, ou ton invitation est en route.",
    );
  });

  it("should refuse anyone who is not a supervisor, and an unknown conversation, changing nothing", async () => {
    const { permanence, says } = await aliceInConversation();
    const before = JSON.stringify(permanence.state);
    expect(await says(camille, "!superviser 4821")).toBe(
      "Seule une superviseuse peut rejoindre une conversation pour la lire.",
    );
    expect(await says(dora, "!superviser 1234")).toContain(
      "Aucune conversation « Jeune 1234 » en cours.",
    );
    expect(await says(dora, "!superviser")).toContain("!superviser 4821");
    expect(JSON.stringify(permanence.state)).toBe(before);
  });
});

describe("!bloquer in the staff room", () => {
  it("should refuse anyone but the counsellor in charge, changing nothing", async () => {
    const { permanence, says } = await aliceInConversation();
    const before = JSON.stringify(permanence.state);
    expect(await says(camille, "!bloquer 4821")).toContain(
      "Blocage de Jeune 4821 impossible : seule l'intervenante en charge",
    );
    expect(JSON.stringify(permanence.state)).toBe(before);
    // Alice, in charge, may: the conversation ends.
    await says(alice, "!bloquer 4821");
    expect(Object.keys(permanence.state.conversations)).toEqual([]);
  });
});

describe("!dispo, !pause and !fin in the staff room", () => {
  it("should tell a counsellor she already is on duty, paused or off duty, changing nothing", async () => {
    const { permanence, says } = await aliceInConversation();
    const before = JSON.stringify(permanence.state);
    expect(await says(alice, "!dispo")).toBe(
      "Tu es déjà en service : rien ne change. Tape !statut pour voir la permanence.",
    );
    expect(await says(dora, "!fin")).toMatch(/^Tu es déjà hors service/);
    expect(JSON.stringify(permanence.state)).toBe(before);
    // A real change is not answered here: the permanence announces it in the staff room.
    expect(await says(alice, "!pause")).toBeUndefined();
    expect(await says(alice, "!pause")).toMatch(/^Tu es déjà en pause/);
  });

  it("should keep a counsellor the operator disabled off duty, as the console does, and say why", async () => {
    const { permanence, says } = await aliceInConversation();
    await permanence.dispatch({ type: "counsellor_disabled", counsellorId: dora });
    const before = JSON.stringify(permanence.state);
    for (const body of ["!dispo", "!pause"]) {
      expect(await says(dora, body)).toBe(
        "Ton compte est désactivé : tu restes hors service tant qu'il n'est pas réactivé.",
      );
    }
    expect(await says(dora, "!fin")).toMatch(/^Tu es déjà hors service/);
    expect(JSON.stringify(permanence.state)).toBe(before);
    expect(permanence.state.counsellors[dora]?.availability).toBe("off_duty");
  });
});

describe("!fiche in the staff room", () => {
  it("should let the counsellor in charge file the form of her ended conversation, once", async () => {
    const { permanence, counted, says, redacted } = await aliceInConversation();
    expect(await says(alice, "!fiche 4821")).toMatch(/^Pas de fiche à remplir pour Jeune 4821/);
    await permanence.dispatch({ type: "end_requested", conversationId: "!a:x", by: alice });
    expect(await says(camille, "!fiche 4821")).toMatch(/^Pas de fiche/);
    const codes = await says(alice, "!fiche 4821");
    expect(codes).toContain("Fiche de Jeune 4821");
    expect(codes).toContain("sexual-assault (Agression sexuelle)");
    const refused = await says(alice, "!fiche 4821 cat=viol qui=victime");
    expect(refused).toMatch(/^Code inconnu pour cat=\. Rien n'a été enregistré\./);
    expect(refused).toContain("qui= (qui écrit)");
    expect(counted).toEqual([]);
    expect(await says(alice, "!fiche 4821 cat=rape qui=victime offre=ecoute,cpvs")).toMatch(
      /^Fiche de Jeune 4821 enregistrée/,
    );
    expect(counted).toEqual([
      { categories: ["rape"], writer: "victim", offered: ["listening", "referral-cpvs"] },
    ]);
    expect(await says(alice, "!fiche 4821 cat=rape")).toMatch(/^Pas de fiche/);
    expect(counted).toHaveLength(1);
    // Every message carrying answers is redacted; asking for the codes is not.
    expect(redacted.map(({ eventId }) => eventId)).toHaveLength(3);
    expect(redacted.every(({ roomId }) => roomId === "!staff:x")).toBe(true);
  });
});
