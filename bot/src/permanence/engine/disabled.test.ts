import { describe, expect, it } from "vitest";
import { decide } from "./decide.ts";
import { conversationsOf } from "./state.ts";
import { Permanence, alwaysOpen, settingsFor } from "./testing/scenario.ts";

const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);

describe("a counsellor disabled by the operator", () => {
  it("should go off duty, her pending offer going to a colleague", () => {
    const permanence = new Permanence(settings);
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.counsellorGoesOnDuty("@bea");
    permanence.happens({ type: "counsellor_disabled", counsellorId: "@alice" });
    expect(permanence.availabilityOf("@alice")).toBe("off_duty");
    expect(permanence.state.counsellors["@alice"]?.disabled).toBe(true);
    expect(permanence.withdrawals()).toEqual(["!a→@alice"]);
    expect(permanence.invites()).toEqual(["!a→@bea"]);
    expect(permanence.notices()).toContainEqual({
      kind: "availability_changed",
      counsellorId: "@alice",
      availability: "off_duty",
    });
  });

  it("should stay off duty whoever asks, and be offered nothing, until enabled", () => {
    const permanence = new Permanence(settings);
    permanence.happens({ type: "counsellor_disabled", counsellorId: "@alice" });
    expect(permanence.commands).toEqual([]);
    expect(permanence.counsellorGoesOnDuty("@alice")).toEqual([]);
    expect(permanence.counsellorPauses("@alice")).toEqual([]);
    permanence.youthArrives("!a");
    expect(permanence.phaseOf("!a")).toBe("queued");

    permanence.happens({ type: "counsellor_enabled", counsellorId: "@alice" });
    expect(permanence.state.counsellors["@alice"]).not.toHaveProperty("disabled");
    expect(permanence.availabilityOf("@alice")).toBe("off_duty");
    permanence.counsellorGoesOnDuty("@alice");
    expect(permanence.invites()).toEqual(["!a→@alice"]);
  });

  it("should read a counsellor of an older journal, without the field, as enabled", () => {
    const permanence = new Permanence(settings);
    const enabled = { type: "counsellor_enabled" as const, counsellorId: "@alice" };
    const decision = decide(permanence.context, permanence.state, enabled, 0);
    expect(decision.commands).toEqual([]);
    expect(decision.state.counsellors).toEqual(permanence.state.counsellors);
    permanence.counsellorGoesOnDuty("@alice");
    expect(permanence.availabilityOf("@alice")).toBe("on_duty");
  });
});

describe("the operator's close", () => {
  it("should end a conversation in anyone's charge, or still waiting, with the helpline's reason", () => {
    const permanence = new Permanence(settings, alwaysOpen);
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 1001);
    permanence.counsellorJoins("!a", "@alice");
    permanence.youthArrives("!b", 1002);
    permanence.happens({ type: "operator_closed", conversationId: "!b" });
    expect(permanence.phaseOf("!b")).toBe("gone");
    expect(permanence.notices()).toEqual([
      { kind: "conversation_ended", reference: 1002, reason: "counsellor_ended" },
    ]);
    permanence.happens({ type: "operator_closed", conversationId: "!a" });
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!a", reason: "counsellor_ended" },
    ]);
    expect(conversationsOf(permanence.state, "@alice")).toEqual([]);
  });
});
