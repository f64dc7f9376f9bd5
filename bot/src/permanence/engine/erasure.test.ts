import { describe, expect, it } from "vitest";
import type { PermanenceCommand } from "../types.ts";
import { alwaysClosed, minute, Permanence, settingsFor } from "./testing/scenario.ts";

const erasures = (commands: PermanenceCommand[]) =>
  commands.filter((command) => command.type === "erase_conversation");

describe("erasure after the end", () => {
  it("should erase the youth's account and room once the grace period is over, once", () => {
    const helpline = new Permanence(
      settingsFor([{ userId: "@camille" }], { erasureGraceMs: 5 * minute }),
    );
    helpline.counsellorGoesOnDuty("@camille");
    helpline.youthArrives("!room");
    helpline.counsellorJoins("!room", "@camille");
    expect(erasures(helpline.youthLeaves("!room"))).toEqual([]);
    expect(erasures(helpline.clockAdvances(4 * minute))).toEqual([]);
    expect(erasures(helpline.clockAdvances(1 * minute))).toEqual([
      { type: "erase_conversation", conversationId: "!room", youthId: expect.any(String) },
    ]);
    expect(erasures(helpline.clockAdvances(10 * minute))).toEqual([]);
  });

  it("should erase at the next moment with a grace period of 0, whoever ended it", () => {
    const helpline = new Permanence(settingsFor([{ userId: "@camille" }], { erasureGraceMs: 0 }));
    helpline.youthArrives("!waiting");
    helpline.counsellorGoesOnDuty("@camille");
    helpline.counsellorEnds("!waiting", "@camille");
    expect(erasures(helpline.clockAdvances(1))).toHaveLength(1);
  });

  it("should erase a youth turned away on arrival too", () => {
    const helpline = new Permanence(
      settingsFor([{ userId: "@camille" }], { erasureGraceMs: 0 }),
      alwaysClosed,
    );
    helpline.youthArrives("!late");
    expect(erasures(helpline.clockAdvances(1))).toEqual([
      { type: "erase_conversation", conversationId: "!late", youthId: expect.any(String) },
    ]);
  });

  it("should keep nothing of an erased conversation in the state", () => {
    const helpline = new Permanence(settingsFor([{ userId: "@camille" }], { erasureGraceMs: 0 }));
    helpline.youthArrives("!room");
    helpline.youthLeaves("!room");
    helpline.clockAdvances(1);
    expect(JSON.stringify(helpline.state)).not.toContain("!room");
  });
});
