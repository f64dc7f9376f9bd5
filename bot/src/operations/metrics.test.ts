import { describe, expect, it } from "vitest";
import { initialState } from "../permanence/engine/decide.ts";
import { minute, settingsFor } from "../permanence/engine/testing/scenario.ts";
import type { PermanenceState } from "../permanence/types.ts";
import { Metrics } from "./metrics.ts";

const processSample = {
  residentMemoryBytes: 1000,
  heapUsedBytes: 500,
  cpuSeconds: 1.5,
  startTimeSeconds: 1_800_000_000,
};

function stateWithQueueAndDuty(): PermanenceState {
  const base = initialState(settingsFor([{ userId: "@camille:x" }, { userId: "@sam:x" }]), 0);
  const waiting = {
    id: "!r1:x",
    youthId: "@y1:x",
    reference: 1001,
    arrivedAt: 0,
    lastActivityAt: 0,
    published: null,
    phase: { kind: "queued" as const },
  };
  return {
    ...base,
    conversations: { [waiting.id]: waiting },
    queue: [waiting.id],
    counsellors: {
      ...base.counsellors,
      "@camille:x": { availability: "on_duty", active: [], lastOfferAt: 0 },
    },
  };
}

describe("the Prometheus exposition", () => {
  it("should count, bucket cumulatively and read gauges from the state, naming nobody", () => {
    const metrics = new Metrics();
    metrics.record({ kind: "conversation_started" });
    metrics.record({ kind: "conversation_started" });
    metrics.record({ kind: "picked_up", waitMs: 45_000 });
    metrics.record({ kind: "picked_up", waitMs: 8 * minute });
    metrics.record({
      kind: "conversation_ended",
      reason: "youth_left",
      pickedUp: false,
      abandoned: true,
      durationMs: null,
    });
    metrics.record({
      kind: "conversation_ended",
      reason: "counsellor_ended",
      pickedUp: true,
      abandoned: false,
      durationMs: 25 * minute,
    });
    metrics.record({ kind: "offer_timed_out" });
    metrics.recordClosedVisit();
    const text = metrics.render(stateWithQueueAndDuty(), processSample);
    const lines = text.split("\n");
    const value = (sample: string) => lines.find((line) => line.startsWith(`${sample} `));

    expect(value("helpline_conversations_started_total")).toBe(
      "helpline_conversations_started_total 2",
    );
    expect(value('helpline_conversations_ended_total{reason="youth_left"}')).toMatch(/ 1$/);
    expect(value('helpline_conversations_ended_total{reason="counsellor_ended"}')).toMatch(/ 1$/);
    expect(value("helpline_conversations_abandoned_total")).toMatch(/ 1$/);
    expect(value("helpline_offers_timed_out_total")).toMatch(/ 1$/);
    expect(value("helpline_closed_visits_total")).toMatch(/ 1$/);
    expect(value('helpline_wait_seconds_bucket{le="30"}')).toMatch(/ 0$/);
    expect(value('helpline_wait_seconds_bucket{le="60"}')).toMatch(/ 1$/);
    expect(value('helpline_wait_seconds_bucket{le="600"}')).toMatch(/ 2$/);
    expect(value('helpline_wait_seconds_bucket{le="+Inf"}')).toMatch(/ 2$/);
    expect(value("helpline_wait_seconds_sum")).toBe("helpline_wait_seconds_sum 525");
    expect(value('helpline_conversation_duration_seconds_bucket{le="1200"}')).toMatch(/ 0$/);
    expect(value('helpline_conversation_duration_seconds_bucket{le="1800"}')).toMatch(/ 1$/);
    expect(value("helpline_queue_length")).toMatch(/ 1$/);
    expect(value('helpline_counsellors{availability="on_duty"}')).toMatch(/ 1$/);
    expect(value('helpline_counsellors{availability="off_duty"}')).toMatch(/ 1$/);
    expect(value("process_resident_memory_bytes")).toMatch(/ 1000$/);
    expect(text).toContain("# TYPE helpline_wait_seconds histogram");
    // No user id, room id or reference anywhere.
    expect(text).not.toMatch(/@|!r1|1001/);
  });

  it("should expose zeros before anything happened", () => {
    const text = new Metrics().render(stateWithQueueAndDuty(), processSample);
    expect(text).toContain("helpline_conversations_ended_total 0\n");
    expect(text).toContain('helpline_wait_seconds_bucket{le="+Inf"} 0\n');
  });
});
