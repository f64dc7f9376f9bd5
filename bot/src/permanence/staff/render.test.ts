import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { StaffNotice } from "../types.ts";
import {
  alreadyReply,
  availabilityReply,
  delayInWords,
  inviteReason,
  renderNotice,
  renderStatus,
  staffRoomTopic,
} from "./render.ts";

const zone = "Europe/Brussels";
const names = (userId: string) => (userId === "@alice:localhost" ? "Alice" : "Béatrice");
const alice = "@alice:localhost";

function brussels(local: string): number {
  return DateTime.fromISO(local, { zone }).toMillis();
}

function render(notice: StaffNotice): string {
  return renderNotice(notice, names, zone, 90_000);
}

describe("renderNotice", () => {
  it("should announce a waiting youth by reference only, with the queue length", () => {
    expect(render({ kind: "youth_waiting", reference: 4821, queueLength: 2 })).toBe(
      "Une jeune personne attend (Jeune 4821). File d'attente : 2.",
    );
  });

  it("should announce arrivals told together by reference, in order, with the queue length after them", () => {
    expect(render({ kind: "youths_waiting", references: [4821, 4822, 4823], queueLength: 9 })).toBe(
      "3 jeunes personnes attendent (Jeune 4821, Jeune 4822, Jeune 4823). File d'attente : 9.",
    );
  });

  it("should name the counsellor in offers and their outcome", () => {
    expect(render({ kind: "offered", reference: 4821, counsellorId: alice })).toBe(
      "Conversation Jeune 4821 proposée à Alice : accepte l'invitation dans les 90 secondes pour la rejoindre.",
    );
    expect(render({ kind: "offer_accepted", reference: 4821, counsellorId: alice })).toBe(
      "Alice a rejoint la conversation Jeune 4821.",
    );
    expect(render({ kind: "offer_timed_out", reference: 4821, counsellorId: alice })).toBe(
      "Alice n'a pas répondu à temps : l'invitation pour Jeune 4821 est retirée.",
    );
    expect(render({ kind: "offer_declined", reference: 4821, counsellorId: "@b:localhost" })).toBe(
      "Béatrice a décliné l'invitation pour Jeune 4821.",
    );
  });

  it("should announce a handover's start, end and failures, by reference and names only", () => {
    const bea = "@b:localhost";
    expect(render({ kind: "handover_started", reference: 4821, from: alice, to: bea })).toBe(
      "Passation de Jeune 4821 : Alice a invité Béatrice, qui doit accepter l'invitation dans les 90 secondes pour prendre le relais.",
    );
    expect(render({ kind: "handover_completed", reference: 4821, from: alice, to: bea })).toBe(
      "Béatrice a pris le relais de Jeune 4821 (avec l'historique). Alice a quitté la conversation.",
    );
    expect(
      render({ kind: "handover_refused", reference: 4821, by: alice, to: bea, reason: "full" }),
    ).toBe("Invitation dans Jeune 4821 annulée : Béatrice a déjà son maximum de conversations.");
    expect(
      render({
        kind: "handover_refused",
        reference: 4821,
        by: bea,
        to: alice,
        reason: "not_in_charge",
      }),
    ).toBe(
      "Invitation dans Jeune 4821 annulée : seule l'intervenante en charge de la conversation peut la passer, et ce n'est pas Béatrice.",
    );
    expect(
      render({ kind: "handover_cancelled", reference: 4821, to: bea, reason: "declined" }),
    ).toBe("Passation de Jeune 4821 annulée : Béatrice a décliné l'invitation.");
  });

  it("should announce availability changes", () => {
    const said = (availability: "on_duty" | "paused" | "off_duty") =>
      render({ kind: "availability_changed", counsellorId: alice, availability });
    expect(said("on_duty")).toBe("Alice est en service.");
    expect(said("paused")).toBe("Alice est en pause.");
    expect(said("off_duty")).toBe("Alice est hors service.");
  });

  it("should give the closing time in local HH:MM, in winter and in summer", () => {
    expect(
      render({ kind: "closing_soon", closesAt: brussels("2026-11-23T21:30"), queueLength: 2 }),
    ).toBe(
      "La permanence ferme à 21:30. File d'attente : 2. Les conversations en cours peuvent continuer après la fermeture.",
    );
    expect(
      render({ kind: "closing_soon", closesAt: brussels("2026-06-23T21:00"), queueLength: 0 }),
    ).toBe(
      "La permanence ferme à 21:00. Personne n'attend. Les conversations en cours peuvent continuer après la fermeture.",
    );
  });

  it("should say how many youths were sent away at closing", () => {
    expect(render({ kind: "closed", sentAway: 0 })).toBe(
      "La permanence est fermée : tout le monde passe hors service. Les conversations en cours continuent.",
    );
    expect(render({ kind: "closed", sentAway: 1 })).toContain(
      " 1 jeune en attente a reçu les numéros d'aide.",
    );
    expect(render({ kind: "closed", sentAway: 3 })).toContain(
      " 3 jeunes en attente ont reçu les numéros d'aide.",
    );
  });

  it.each([
    ["youth_left", "Conversation Jeune 4821 terminée : la jeune personne est partie."],
    ["counsellor_ended", "Conversation Jeune 4821 terminée par l'intervenante."],
    ["counsellor_left", "Conversation Jeune 4821 terminée : l'intervenante l'a quittée."],
    ["inactivity", "Conversation Jeune 4821 terminée après une longue inactivité."],
    [
      "closing",
      "Conversation Jeune 4821 fermée à la fermeture : la jeune personne a reçu les numéros d'aide.",
    ],
    [
      "not_admitted",
      "Conversation Jeune 4821 non admise : la permanence n'accueillait plus de nouvelle personne.",
    ],
  ] as const)("should explain an ending for the reason %s", (reason, text) => {
    expect(render({ kind: "conversation_ended", reference: 4821, reason })).toBe(text);
  });

  it("should tell the counsellor in plain words how the youth's page went, and what she can do", () => {
    const gone = (how: "quick_exit" | "closed" | "silent", kept: boolean) =>
      render({ kind: "youth_page_gone", reference: 4821, how, kept, counsellorId: alice });
    expect(gone("quick_exit", true)).toBe(
      "Jeune 4821 a quitté la page d'un coup (sortie rapide) : quelqu'un est peut-être arrivé " +
        "près d'elle. Elle a gardé la conversation sur son appareil et peut revenir.",
    );
    expect(gone("closed", false)).toBe(
      "Jeune 4821 a fermé la page de conversation. Alice, tu peux terminer la conversation " +
        "(!terminer 4821) pour accueillir la personne suivante.",
    );
    expect(gone("silent", false)).toContain("ne répond plus depuis un moment");
    expect(render({ kind: "youth_page_back", reference: 4821 })).toBe(
      "Jeune 4821 est de retour sur la page de conversation.",
    );
    expect(render({ kind: "conversation_ended", reference: 4821, reason: "quick_exit" })).toBe(
      "Conversation Jeune 4821 terminée : la jeune personne a quitté la page d'un coup " +
        "(sortie rapide). Quelqu'un est peut-être arrivé près d'elle.",
    );
  });

  it("should never write a Matrix id, only names and references", () => {
    const notices: StaffNotice[] = [
      { kind: "youth_waiting", reference: 1, queueLength: 1 },
      { kind: "offered", reference: 1, counsellorId: alice },
      { kind: "offer_accepted", reference: 1, counsellorId: alice },
      { kind: "offer_timed_out", reference: 1, counsellorId: alice },
      { kind: "offer_declined", reference: 1, counsellorId: alice },
      { kind: "availability_changed", counsellorId: alice, availability: "on_duty" },
    ];
    for (const notice of notices) expect(render(notice)).not.toMatch(/[@!:]\w+:localhost/);
  });
});

describe("renderStatus", () => {
  const team = [
    { name: "Alice", availability: "on_duty" as const, load: 1, capacity: 2 },
    { name: "Béatrice", availability: "paused" as const, load: 0, capacity: 2 },
    { name: "Chloé", availability: "off_duty" as const, load: 0, capacity: 1 },
  ];

  it("should say until when it is open, the queue and each counsellor's load", () => {
    const text = renderStatus(
      {
        counsellors: team,
        queueLength: 2,
        open: true,
        closesAt: brussels("2026-11-23T21:30"),
        nextOpensAt: null,
      },
      zone,
    );
    expect(text).toBe(
      [
        "Permanence ouverte jusqu'à 21:30.",
        "File d'attente : 2.",
        "Intervenantes :",
        "- Alice : en service (1/2)",
        "- Béatrice : en pause (0/2)",
        "- Chloé : hors service",
      ].join("\n"),
    );
  });

  it("should say when it next opens, with the local day", () => {
    const text = renderStatus(
      {
        counsellors: [],
        queueLength: 0,
        open: false,
        closesAt: null,
        nextOpensAt: brussels("2026-11-30T18:30"),
      },
      zone,
    );
    expect(text).toBe(
      [
        "Permanence fermée. Prochaine ouverture : lundi 30 novembre à 18:30.",
        "Personne n'attend.",
        "Aucune intervenante inscrite.",
      ].join("\n"),
    );
    expect(
      renderStatus(
        { counsellors: [], queueLength: 0, open: false, closesAt: null, nextOpensAt: null },
        zone,
      ),
    ).toContain("Permanence fermée. Aucune ouverture prévue.");
  });
});

describe("staff room texts", () => {
  it("should say in the topic that the room is not encrypted and is for metadata only", () => {
    expect(staffRoomTopic).toContain("PAS chiffré de bout en bout");
    expect(staffRoomTopic).toContain(
      "n'écris jamais rien ici sur la situation d'une jeune personne",
    );
    for (const name of ["!dispo", "!pause", "!fin", "!statut", "!terminer", "!aide"]) {
      expect(staffRoomTopic).toContain(name);
    }
  });

  it("should tell a counsellor her own availability", () => {
    expect(availabilityReply("on_duty")).toMatch(/^Tu es en service/);
    expect(availabilityReply("paused")).toMatch(/^Tu es en pause/);
    expect(availabilityReply("off_duty")).toMatch(/^Tu es hors service/);
  });
});

describe("renderNotice for the console's actions", () => {
  const bea = "@bea:localhost";

  it("should ask the counsellor in charge for the exact invite when a colleague is free", () => {
    const text = render({
      kind: "requeue_matched",
      reference: 4821,
      from: alice,
      to: bea,
      invitedBy: "counsellor",
    });
    expect(text).toContain("Alice, invite-la depuis la conversation : /invite @bea:localhost");
  });

  it("should say that the history cannot follow when the bot invited the colleague", () => {
    const text = render({
      kind: "requeue_matched",
      reference: 4821,
      from: alice,
      to: bea,
      invitedBy: "bot",
    });
    expect(text).toContain("la permanence l'a invitée");
    expect(text).toContain("ne verra PAS les messages déjà écrits");
  });

  it("should announce a requeue, an expired handover and a supervisor's assignment", () => {
    expect(render({ kind: "requeued", reference: 4821, counsellorId: alice })).toBe(
      "Alice remet Jeune 4821 dans la file : elle garde la conversation jusqu'à ce qu'une collègue libre la reprenne.",
    );
    expect(
      render({ kind: "handover_cancelled", reference: 4821, to: bea, reason: "timed_out" }),
    ).toContain("Béatrice n'a pas rejoint la conversation à temps");
    expect(
      render({
        kind: "reassigned",
        reference: 4821,
        counsellorId: bea,
        by: alice,
        previous: alice,
      }),
    ).toBe(
      "Alice retire Jeune 4821 à Alice et la propose à Béatrice : accepte l'invitation dans les 90 secondes pour la rejoindre.",
    );
    expect(
      render({ kind: "reassigned", reference: 4821, counsellorId: bea, by: alice, previous: null }),
    ).toBe(
      "Alice propose Jeune 4821 à Béatrice : accepte l'invitation dans les 90 secondes pour la rejoindre.",
    );
  });
});

describe("the offer timeout in words", () => {
  it("should say how long an invite stands, from the helpline's offer timeout", () => {
    expect(delayInWords(90_000)).toBe("90 secondes");
    expect(delayInWords(60_000)).toBe("1 minute");
    expect(delayInWords(120_000)).toBe("2 minutes");
    expect(inviteReason(120_000)).toContain("dans les 2 minutes");
    expect(
      renderNotice({ kind: "offered", reference: 1, counsellorId: alice }, names, zone, 120_000),
    ).toContain("dans les 2 minutes");
  });
});

describe("alreadyReply", () => {
  it("should tell a counsellor where she already stands, in the informal tu", () => {
    expect(alreadyReply("on_duty")).toMatch(/^Tu es déjà en service/);
    expect(alreadyReply("paused")).toMatch(/^Tu es déjà en pause/);
    expect(alreadyReply("off_duty")).toMatch(/^Tu es déjà hors service/);
  });
});

describe("who the youth writes about, with the invite", () => {
  it("should say it in the invite's reason, and say nothing when she did not answer", () => {
    expect(inviteReason(90_000, "close-one")).toContain("écrit au sujet d'un·e proche");
    expect(inviteReason(90_000, "self")).toContain("écrit à son propre sujet");
    expect(inviteReason(90_000)).not.toContain("écrit");
    expect(inviteReason(90_000, "close-one")).toContain("dans les 90 secondes");
  });
});

describe("a youth who said she is in danger now", () => {
  it("should say it first in the invite's reason, and nothing when she did not", () => {
    expect(inviteReason(90_000, "self", true)).toMatch(
      /^Urgence signalée par le\/la jeune\. Une jeune personne attend \(écrit à son propre sujet\)/,
    );
    expect(inviteReason(90_000, undefined, false)).not.toContain("Urgence");
  });

  it("should tell the staff room why she went ahead, and mark her offer", () => {
    expect(render({ kind: "urgent_declared", reference: 4821, position: 1 })).toBe(
      "Urgence signalée par le/la jeune (Jeune 4821) : elle a reçu les numéros d'urgence et passe " +
        "devant les jeunes qui n'en ont pas signalé (position 1 dans la file).",
    );
    expect(render({ kind: "offered", reference: 4821, counsellorId: alice, urgent: true })).toBe(
      "Urgence signalée par le/la jeune : conversation Jeune 4821 proposée à Alice : accepte l'invitation dans les 90 secondes pour la rejoindre.",
    );
  });
});
