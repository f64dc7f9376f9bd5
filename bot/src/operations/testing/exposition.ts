import { initialState } from "../../permanence/engine/decide.ts";
import { settingsFor } from "../../permanence/engine/testing/scenario.ts";
import { Metrics, renderDeployment } from "../metrics.ts";
import { RuntimeSampler } from "../runtime-metrics.ts";

// Prints a whole /metrics exposition, every metric present (each counter, histogram and label
// kind, this process's real runtime figures), for `promtool check metrics` to lint the format and
// naming (scripts/src/deploy/validate-prometheus.sh). Run: node --import tsx <this file>.

const metrics = new Metrics();
metrics.record({ kind: "conversation_started" });
metrics.record({ kind: "picked_up", waitMs: 90_000 });
metrics.record({
  kind: "conversation_ended",
  reason: "counsellor_ended",
  pickedUp: true,
  abandoned: false,
  durationMs: 1_200_000,
});
const sampler = new RuntimeSampler(Date.now() - process.uptime() * 1000);
const state = initialState(settingsFor([{ userId: "@camille:example.org" }]), Date.now());
// Two helplines, as a bot running several exposes them: each one's series labelled with its id.
const text = renderDeployment(
  [
    {
      id: "first-line",
      series: metrics.series({ state, schedule: { open: true, admitting: true } }),
    },
    {
      id: "second-line",
      series: new Metrics().series({ state, schedule: { open: false, admitting: false } }),
    },
  ],
  {
    readiness: {
      ready: true,
      checks: {
        outbox: { ok: true, oldestPendingSeconds: 0 },
        homeserver: { ok: true },
        journal: { ok: true },
      },
    },
    refusals: {
      rateLimited: { status: 1, conversations: 0 },
      proofOfWork: { invalid: 1, expired: 0, reused: 0, busy: 0 },
      barred: 0,
    },
    disk: { availableBytes: 40_000_000_000, sizeBytes: 100_000_000_000 },
    runtime: await sampler.sample(),
  },
);
sampler.stop();
process.stdout.write(text);
