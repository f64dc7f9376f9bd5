import { describe, expect, it } from "vitest";
import { FakeHomeserver } from "../../matrix/homeserver.fake.ts";
import { settingsFor } from "../engine/testing/scenario.ts";
import { dangerAlert } from "../staff/index.ts";
import { createMatrixExecutor } from "./executor.ts";
import {
  jeune4821TakenBy,
  permanencesClosedAfterEach,
  staffDesk,
  staffRoomId,
} from "./testing/staff-room.ts";

const alice = "@alice:x";
const bea = "@bea:x";
const sue = "@sue:x";
const settings = settingsFor([{ userId: alice }, { userId: bea }, { userId: sue }]);
const permanences = permanencesClosedAfterEach(settings);
const names = (userId: string) => /^@([^:]+)/.exec(userId)?.[1] ?? userId;

/** Alice talks with "Jeune 4821"; Bea is on duty; Sue, a supervisor, is paused. */
async function aliceInConversation() {
  const homeserver = new FakeHomeserver();
  const run = createMatrixExecutor({
    homeserver,
    staffRoomId,
    renderNotice: (notice) =>
      notice.kind === "danger_marked"
        ? dangerAlert({
            reference: notice.reference,
            by: notice.by,
            teamOnDuty: notice.onDuty,
            supervisorsOnDuty: notice.onDuty.filter((userId) => userId === sue),
            names,
          })
        : notice.kind,
    inviteReason: () => "",
    conversationOverReason: "",
    isCounsellor: () => true,
  });
  const permanence = await permanences.open({ run });
  for (const [counsellorId, availability] of [
    [alice, "on_duty"],
    [bea, "on_duty"],
    [sue, "paused"],
  ] as const) {
    await permanence.dispatch({ type: "availability_set", counsellorId, availability });
  }
  await jeune4821TakenBy(permanence, alice);
  const { says } = staffDesk({
    homeserver,
    permanence,
    settings,
    displayName: names,
    isSupervisor: (userId) => userId === sue,
  });
  return { permanence, homeserver, says };
}

describe("!danger in the staff room", () => {
  it("should mark it and alert the supervisor on duty by mention, once", async () => {
    const { permanence, homeserver, says } = await aliceInConversation();
    const before = homeserver.notices.length;
    expect(await says(alice, "!danger 4821")).toBeUndefined();
    expect(homeserver.notices.length).toBe(before);
    expect(permanence.state.conversations["!a:x"]?.dangerAt).toBe(0);
    expect(homeserver.alerts).toEqual([
      expect.objectContaining({ roomId: "!staff:x", mentions: [sue] }),
    ]);
    expect(homeserver.alerts[0]?.body).toContain("Jeune 4821 par alice");
    // Twice: nobody is alerted again, and she is told so.
    expect(await says(alice, "!danger 4821")).toContain("déjà signalée");
    expect(homeserver.alerts).toHaveLength(1);
  });

  it("should refuse a counsellor not in charge and an unknown reference, changing nothing", async () => {
    const { permanence, homeserver, says } = await aliceInConversation();
    const before = permanence.state;
    expect(await says(bea, "!danger 4821")).toContain(
      "seule l'intervenante en charge de la conversation, ou une superviseuse",
    );
    expect(await says(alice, "!danger 1234")).toContain(
      "Aucune conversation « Jeune 1234 » en cours.",
    );
    expect(await says(alice, "!dangerr 4821")).toContain("Je ne connais pas la commande");
    expect(permanence.state).toBe(before);
    expect(homeserver.alerts).toEqual([]);
  });

  it("should let a supervisor mark a colleague's conversation", async () => {
    const { permanence, homeserver, says } = await aliceInConversation();
    expect(await says(sue, "!danger 4821")).toBeUndefined();
    expect(permanence.state.conversations["!a:x"]).toMatchObject({ dangerBy: sue });
    // No other supervisor on duty: the team on duty is named, and that is said.
    expect(homeserver.alerts[0]?.mentions).toEqual([alice, bea]);
    expect(homeserver.alerts[0]?.body).toContain("Aucune superviseuse n'est en service");
  });
});
