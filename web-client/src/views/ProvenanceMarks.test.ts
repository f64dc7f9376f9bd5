import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../session/types.ts";
import { startsVouchedRun } from "./ProvenanceMarks.tsx";

const vouched = { kind: "helpline", helplineName: { fr: "Ligne" } } as const;
const notVouched = { kind: "not_helpline", helplineName: { fr: "Ligne" } } as const;

function message(
  from: ChatMessage["from"],
  senderName: string | null,
  provenance?: ChatMessage["provenance"],
): ChatMessage {
  return {
    id: Math.random().toString(36),
    from,
    senderName,
    text: "…",
    timestamp: 0,
    delivery: "sent",
    ...(provenance ? { provenance } : {}),
  };
}

describe("startsVouchedRun", () => {
  it("should mark the first of a vouched counsellor's messages, not each of them", () => {
    const list = [
      message("counsellor", "Camille", vouched),
      message("counsellor", "Camille", vouched),
      message("me", null),
      message("counsellor", "Camille", vouched),
      message("counsellor", "Lou", notVouched),
      message("counsellor", "Camille", vouched),
      message("counsellor", "Alex", vouched),
    ];
    // Again after the youth wrote, or after someone else did; never on an unvouched message.
    expect(list.map((_, index) => startsVouchedRun(list, index))).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
      true,
    ]);
  });
});
