import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "../engine/testing/scenario.ts";
import { findByReference } from "./find.ts";

describe("finding a conversation by its reference", () => {
  it("should find a live conversation, and nothing once it is over", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.youthArrives("!a", 1001);
    permanence.youthArrives("!b", 1002);
    expect(findByReference(permanence.state, 1002)?.id).toBe("!b");
    permanence.youthLeaves("!b");
    expect(findByReference(permanence.state, 1002)).toBeUndefined();
  });
});
