import { describe, expect, it } from "vitest";
import type { Crisis } from "../helpline/crisis.ts";
import { createDesks } from "./desk.ts";
import { Permanence, second, settingsFor } from "./engine/testing/scenario.ts";

const crisis: Crisis = {
  guidance: { fr: "Appelle le 112 avec ta superviseuse." },
  contacts: [{ label: { fr: "Urgences" }, phone: "112" }],
};

/** Alice talks with 4821 and Bea with 4822, Sue supervises; 4823 waits. */
function evening() {
  const permanence = new Permanence(
    settingsFor([{ userId: "@alice" }, { userId: "@bea" }, { userId: "@sue" }]),
  );
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  permanence.counsellorGoesOnDuty("@bea");
  permanence.youthArrives("!b", 4822);
  permanence.counsellorJoins("!b", "@bea");
  permanence.youthArrives("!c", 4823);
  permanence.counsellorPauses("@sue");
  const desks = createDesks({
    state: () => permanence.state,
    dispatch: async (event) => {
      permanence.clockAdvances(second);
      permanence.happens(event);
    },
    settings: permanence.context.settings,
    timeZone: "Europe/Brussels",
    cannedReplies: [],
    isSupervisor: (userId) => userId === "@sue",
    barOpenerOf: () => false,
    barMinutes: 60,
    crisis,
  });
  return { permanence, ...desks };
}

describe("danger to life, from the console", () => {
  it("should mark her own conversation, show it to her with the guidance, and head the supervisor's view", async () => {
    const { permanence, counsellor, supervisor } = evening();
    expect(await counsellor.markDanger?.("@alice", 4821)).toBe("marked");
    expect(permanence.notices()).toEqual([
      { kind: "danger_marked", reference: 4821, by: "@alice", onDuty: ["@bea", "@sue"] },
    ]);
    const view = counsellor.view("@alice");
    expect(view?.conversations[0]).toMatchObject({ reference: 4821, dangerAt: expect.any(String) });
    expect(view?.crisis).toEqual(crisis);
    // Bea's conversation is not marked.
    expect(counsellor.view("@bea")?.conversations[0]).not.toHaveProperty("dangerAt");

    // Sue, a supervisor, marks Bea's conversation later: it comes first.
    expect(await counsellor.markDanger?.("@sue", 4822)).toBe("marked");
    expect(permanence.conversation("!b")).toMatchObject({ dangerBy: "@sue" });
    expect(
      supervisor
        .overview()
        .danger.map(({ reference, counsellorId, by }) => [reference, counsellorId, by]),
    ).toEqual([
      [4822, "@bea", "@sue"],
      [4821, "@alice", "@alice"],
    ]);
  });

  it("should refuse, changing nothing: not hers, waiting, unknown, twice", async () => {
    const { permanence, counsellor } = evening();
    const before = permanence.state;
    expect(await counsellor.markDanger?.("@bea", 4821)).toBe("not_in_charge");
    expect(await counsellor.markDanger?.("@alice", 4823)).toBe("not_active");
    expect(await counsellor.markDanger?.("@alice", 9999)).toBe("not_found");
    expect(permanence.state).toBe(before);
    expect(await counsellor.markDanger?.("@alice", 4821)).toBe("marked");
    const marked = permanence.state;
    expect(await counsellor.markDanger?.("@alice", 4821)).toBe("already_marked");
    expect(await counsellor.markDanger?.("@sue", 4821)).toBe("already_marked");
    expect(permanence.state).toBe(marked);
  });
});
