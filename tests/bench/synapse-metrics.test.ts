import { describe, expect, it } from "vitest";
import { parsePrometheus } from "../support/synapse-metrics.ts";
import { cpuBreakdown } from "./synapse-metrics.ts";

const labels = 'server_name="test"';

function scrape(register: number, sync: number, persist: number, inFlight: number, rooms: number) {
  return parsePrometheus(
    [
      "# HELP synapse_http_server_response_ru_utime_seconds_total sec",
      "# TYPE synapse_http_server_response_ru_utime_seconds_total counter",
      `synapse_http_server_response_ru_utime_seconds_total{method="POST",servlet="RegisterRestServlet",tag="",${labels}} ${register}`,
      `synapse_http_server_response_ru_utime_seconds_total{method="GET",servlet="SyncRestServlet",tag="",${labels}} ${sync}`,
      `synapse_http_server_response_ru_stime_seconds_total{method="POST",servlet="RegisterRestServlet",tag="",${labels}} 1.0`,
      `synapse_http_server_response_ru_utime_seconds_created{method="POST",servlet="RegisterRestServlet",tag="",${labels}} 1.7e+09`,
      `synapse_http_server_in_flight_requests_ru_utime_seconds_total{method="GET",servlet="SyncRestServlet",${labels}} ${inFlight}`,
      `synapse_background_process_ru_utime_seconds_total{name="persist_events",${labels}} ${persist}`,
      `synapse_http_server_response_count_total{method="POST",servlet="RoomCreateRestServlet",tag="",${labels}} ${rooms}`,
      `synapse_storage_transaction_time_sum_total{desc="persist_events",${labels}} ${persist / 2}`,
      `synapse_storage_events_persisted_events_total{${labels}} ${rooms * 7}`,
      "",
    ].join("\n"),
  );
}

describe("where Synapse's CPU goes", () => {
  it("should attribute the night's CPU by servlet and background process, each once, with its share of the total", () => {
    const breakdown = cpuBreakdown(scrape(10, 1, 2, 5, 0), scrape(70, 4, 8, 50, 30), 100);
    expect(breakdown.top).toEqual([
      { what: "POST RegisterRestServlet", cpuSeconds: 60, share: 60 },
      { what: "background persist_events", cpuSeconds: 6, share: 6 },
      // Not the in-flight counter's 45 s: the response counter counts those requests again.
      { what: "GET SyncRestServlet", cpuSeconds: 3, share: 3 },
      {
        what: "not attributed (outside requests and background processes)",
        cpuSeconds: 31,
        share: 31,
      },
    ]);
    expect(breakdown.attributedCpuSeconds).toBe(69);
    expect(breakdown.requests).toEqual([{ what: "POST RoomCreateRestServlet", count: 30 }]);
    expect(breakdown.databaseSeconds).toEqual([{ what: "persist_events", seconds: 3 }]);
    expect(breakdown.eventsPersisted).toBe(210);
  });
});
