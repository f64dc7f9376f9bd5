import { describe, expect, it } from "vitest";
import type { StaffNotice } from "../types.ts";
import { withArrivalsTogether, type NoticeToSend } from "./arrival-notices.ts";

function notice(id: string, content: StaffNotice): NoticeToSend {
  return { command: { type: "notify_staff", notice: content }, id };
}

const waiting = (id: string, reference: number, queueLength: number) =>
  notice(id, { kind: "youth_waiting", reference, queueLength });

describe("withArrivalsTogether", () => {
  it("should tell a run of arrivals in one notice, with every reference and the last queue length", () => {
    const together = withArrivalsTogether([
      waiting("1.0", 4821, 1),
      waiting("2.0", 4822, 2),
      waiting("3.0", 4823, 3),
    ]);
    expect(together).toEqual([
      notice("1.0..3.0", {
        kind: "youths_waiting",
        references: [4821, 4822, 4823],
        queueLength: 3,
      }),
    ]);
  });

  it("should keep every other notice in its place, and a lone arrival as it was", () => {
    const closing = notice("3.0", { kind: "closing_soon", closesAt: 0, queueLength: 2 });
    const offered = notice("5.1", { kind: "offered", reference: 4821, counsellorId: "@a:x" });
    const notices = [
      waiting("1.0", 4821, 1),
      waiting("2.0", 4822, 2),
      closing,
      waiting("4.0", 4823, 3),
      offered,
    ];
    expect(withArrivalsTogether(notices)).toEqual([
      notice("1.0..2.0", { kind: "youths_waiting", references: [4821, 4822], queueLength: 2 }),
      closing,
      waiting("4.0", 4823, 3),
      offered,
    ]);
  });

  it("should give the same run the same id each time, so that a retry is the same message", () => {
    const notices = [waiting("7.0", 1, 1), waiting("8.0", 2, 2)];
    expect(withArrivalsTogether(notices)).toEqual(withArrivalsTogether(notices));
    expect(withArrivalsTogether([])).toEqual([]);
  });
});
