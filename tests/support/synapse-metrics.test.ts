import { describe, expect, it } from "vitest";
import { metricSum, parsePrometheus } from "./synapse-metrics.ts";

describe("metricSum", () => {
  const text = parsePrometheus(
    [
      "# HELP synapse_http_server_requests_received_total Number of requests",
      "# TYPE synapse_http_server_requests_received_total counter",
      'synapse_http_server_requests_received_total{method="GET",servlet="SyncRestServlet",server_name="localhost"} 12.0',
      'synapse_http_server_requests_received_total{method="POST",servlet="SyncRestServlet",server_name="localhost"} 1.0',
      'synapse_http_server_requests_received_total{method="GET",servlet="KeyQueryServlet",server_name="localhost"} 3.0',
      'synapse_http_server_requests_received_created{method="GET",servlet="SyncRestServlet"} 1.7e9',
      "synapse_storage_events_persisted_events_total 5.0",
    ].join("\n"),
  );

  it("should add the samples whose labels match", () => {
    const name = "synapse_http_server_requests_received_total";
    expect(metricSum(text, name, { servlet: "SyncRestServlet" })).toBe(13);
    expect(metricSum(text, name, { servlet: "SyncRestServlet", method: "GET" })).toBe(12);
    expect(metricSum(text, name)).toBe(16);
  });

  it("should read a sample without labels, and 0 for a metric not there", () => {
    expect(metricSum(text, "synapse_storage_events_persisted_events_total")).toBe(5);
    expect(metricSum(text, "synapse_nothing_total")).toBe(0);
    expect(metricSum(text, "synapse_http_server_requests_received_total", { servlet: "X" })).toBe(
      0,
    );
  });
});

describe("parsePrometheus", () => {
  it("should read Prometheus' text format, labels and values", () => {
    const [sample] = parsePrometheus(
      'synapse_background_process_ru_utime_seconds_total{name="a \\"quoted\\" name",server_name="x"} 2.5e+00\n',
    );
    expect(sample).toEqual({
      name: "synapse_background_process_ru_utime_seconds_total",
      labels: { name: 'a "quoted" name', server_name: "x" },
      value: 2.5,
    });
  });
});
