import { describe, expect, it } from "vitest";
import { initialState } from "../permanence/engine/decide.ts";
import { minute, settingsFor } from "../permanence/engine/testing/scenario.ts";
import type { PermanenceState } from "../permanence/types.ts";
import { Metrics, renderDeployment, type MetricsInputs, type RefusalCounts } from "./metrics.ts";
import type { Readiness } from "./readiness.ts";
import { runtimeSample } from "./testing/runtime-sample.ts";

const runtime = runtimeSample;

const noRefusals: RefusalCounts = {
  rateLimited: { status: 0, conversations: 0 },
  proofOfWork: { invalid: 0, expired: 0, reused: 0, busy: 0 },
  barred: 0,
};

function inputs(overrides: Partial<MetricsInputs> = {}): MetricsInputs {
  return {
    state: stateWithQueueAndDuty(),
    schedule: { open: true, admitting: true },
    readiness: ready,
    refusals: noRefusals,
    disk: { availableBytes: 2_000_000, sizeBytes: 10_000_000 },
    runtime,
    ...overrides,
  };
}

/** The sample line whose series (name and labels) is exactly `series`, or undefined. */
function sampleOf(text: string, series: string): string | undefined {
  return text.split("\n").find((line) => line.startsWith(`${series} `));
}

const ready: Readiness = {
  ready: true,
  checks: {
    outbox: { ok: true, oldestPendingSeconds: 0 },
    homeserver: { ok: true },
    journal: { ok: true },
  },
};
const stuck: Readiness = {
  ready: false,
  checks: { ...ready.checks, outbox: { ok: false, oldestPendingSeconds: 42 } },
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
      "@camille:x": { availability: "on_duty", lastOfferAt: 0 },
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
    const text = metrics.render(inputs({ readiness: stuck }));
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
    expect(value("helpline_ready")).toBe("helpline_ready 0");
    expect(value('helpline_ready_check{check="outbox"}')).toMatch(/ 0$/);
    expect(value('helpline_ready_check{check="homeserver"}')).toMatch(/ 1$/);
    expect(value("helpline_outbox_oldest_pending_seconds")).toMatch(/ 42$/);
    expect(text).toContain("# TYPE helpline_wait_seconds histogram");
    // No user id, room id or reference anywhere.
    expect(text).not.toMatch(/@|!r1|1001/);
  });

  it("should expose zeros before anything happened", () => {
    const text = new Metrics().render(inputs());
    expect(text).toContain("helpline_conversations_ended_total 0\n");
    expect(text).toContain("helpline_ready 1\n");
    expect(text).toContain("helpline_outbox_oldest_pending_seconds 0\n");
    expect(text).toContain('helpline_wait_seconds_bucket{le="+Inf"} 0\n');
  });

  it("should say whether the helpline is open and admitting now", () => {
    const open = new Metrics().render(inputs({ schedule: { open: true, admitting: false } }));
    expect(sampleOf(open, "helpline_open")).toBe("helpline_open 1");
    expect(sampleOf(open, "helpline_admitting")).toBe("helpline_admitting 0");
    const closed = new Metrics().render(inputs({ schedule: { open: false, admitting: false } }));
    expect(sampleOf(closed, "helpline_open")).toBe("helpline_open 0");
    expect(closed).toContain("# TYPE helpline_open gauge\n");
  });

  it("should count refusals by bucket and by reason only", () => {
    const text = new Metrics().render(
      inputs({
        refusals: {
          rateLimited: { status: 7, conversations: 0 },
          proofOfWork: { invalid: 2, expired: 1, reused: 0, busy: 0 },
          barred: 3,
        },
      }),
    );
    expect(text).toContain("# TYPE helpline_rate_limited_total counter\n");
    expect(sampleOf(text, 'helpline_rate_limited_total{bucket="status"}')).toMatch(/ 7$/);
    expect(sampleOf(text, 'helpline_rate_limited_total{bucket="conversations"}')).toMatch(/ 0$/);
    expect(text).toContain("# TYPE helpline_proof_of_work_refused_total counter\n");
    expect(sampleOf(text, 'helpline_proof_of_work_refused_total{reason="invalid"}')).toMatch(/ 2$/);
    expect(sampleOf(text, 'helpline_proof_of_work_refused_total{reason="expired"}')).toMatch(/ 1$/);
    expect(sampleOf(text, 'helpline_proof_of_work_refused_total{reason="busy"}')).toMatch(/ 0$/);
    expect(text).toContain("# TYPE helpline_barred_refused_total counter\n");
    expect(sampleOf(text, "helpline_barred_refused_total")).toBe("helpline_barred_refused_total 3");
  });

  it("should give the state folder's free and total bytes, and leave them out when unknown", () => {
    const text = new Metrics().render(inputs());
    expect(sampleOf(text, "helpline_state_filesystem_avail_bytes")).toMatch(/ 2000000$/);
    expect(sampleOf(text, "helpline_state_filesystem_size_bytes")).toMatch(/ 10000000$/);
    expect(text).toContain("# TYPE helpline_state_filesystem_avail_bytes gauge\n");
    const unknown = new Metrics().render(inputs({ disk: null }));
    expect(unknown).not.toContain("helpline_state_filesystem");
  });

  it("should include the runtime's metrics, each once", () => {
    const text = new Metrics().render(inputs());
    expect(sampleOf(text, "process_resident_memory_bytes")).toBe(
      "process_resident_memory_bytes 1000",
    );
    expect(sampleOf(text, "nodejs_heap_size_used_bytes")).toBe("nodejs_heap_size_used_bytes 500");
    const types = text.split("\n").filter((line) => line.startsWith("# TYPE "));
    expect(new Set(types).size).toBe(types.length);
  });

  it("should use no label that could name anyone", () => {
    const text = new Metrics().render(inputs());
    const labels = new Set([...text.matchAll(/[{,]([a-z_]+)="/g)].map((match) => match[1]));
    expect([...labels].sort()).toEqual([
      "availability",
      "bucket",
      "check",
      "le",
      "major",
      "minor",
      "patch",
      "reason",
      "space",
      "version",
    ]);
  });

  it("should label each helpline's series with its id, and write each metric's HELP and TYPE once", () => {
    const base = inputs();
    const first = new Metrics();
    first.recordClosedVisit();
    const text = renderDeployment(
      [
        {
          id: "first",
          series: first.series({ state: base.state, schedule: { open: true, admitting: true } }),
        },
        {
          id: "second",
          series: new Metrics().series({
            state: base.state,
            schedule: { open: false, admitting: false },
          }),
        },
      ],
      base,
    );
    expect(sampleOf(text, 'helpline_closed_visits_total{helpline="first"}')).toMatch(/ 1$/);
    expect(sampleOf(text, 'helpline_closed_visits_total{helpline="second"}')).toMatch(/ 0$/);
    expect(sampleOf(text, 'helpline_open{helpline="first"}')).toMatch(/ 1$/);
    expect(sampleOf(text, 'helpline_open{helpline="second"}')).toMatch(/ 0$/);
    expect(
      sampleOf(text, 'helpline_counsellors{helpline="second",availability="on_duty"}'),
    ).toBeDefined();
    expect(
      sampleOf(text, 'helpline_wait_seconds_bucket{helpline="first",le="+Inf"}'),
    ).toBeDefined();
    // The deployment's own series are not a helpline's.
    expect(sampleOf(text, "helpline_ready")).toBeDefined();
    const types = text.split("\n").filter((line) => line.startsWith("# TYPE "));
    expect(new Set(types).size).toBe(types.length);
  });
});
