import { describe, expect, it } from "vitest";
import { createLogger, errorFields, redactSecrets } from "./logger.ts";
import { sanitiseSdkLog } from "./sdk-logger.ts";

describe("createLogger", () => {
  it("should write one JSON line per call with time, level and event", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line), now: () => new Date(0) });
    logger.info("bot.started", { port: 8090 });
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","component":"bot","event":"bot.started","port":8090}\n',
    ]);
  });

  it("should drop lines below the chosen level", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(line) });
    logger.info("quiet");
    logger.warn("loud");
    expect(lines).toHaveLength(1);
  });

  it("should mask tokens even if a caller passes them by mistake", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    logger.error("oops", { url: "/userinfo?access_token=s3cr3t&x=1", header: "Bearer abc.def" });
    expect(lines[0]).not.toContain("s3cr3t");
    expect(lines[0]).not.toContain("abc.def");
  });
});

describe("redactSecrets", () => {
  it("should mask access_token parameters and bearer tokens", () => {
    expect(redactSecrets("GET /x?access_token=abc&y=2 Authorization: Bearer syt_x-y")).toBe(
      "GET /x?access_token=<redacted>&y=2 Authorization: Bearer <redacted>",
    );
  });
});

describe("errorFields", () => {
  it("should keep only the class and the message", () => {
    const error = Object.assign(new TypeError("bad"), { body: "secret body" });
    expect(errorFields(error)).toEqual({ errorClass: "TypeError", errorMessage: "bad" });
  });
});

describe("sanitiseSdkLog", () => {
  it("should flatten objects and mask tokens, user ids and IP addresses", () => {
    const text = sanitiseSdkLog([
      "(REQ-1)",
      { errcode: "M_FORBIDDEN", error: "@youth-42:localhost is not in the room" },
      "http://10.0.0.7:8008/_matrix?access_token=abc",
    ]);
    expect(text).not.toContain("youth-42");
    expect(text).not.toContain("10.0.0.7");
    expect(text).not.toContain("abc");
    expect(text).toContain("M_FORBIDDEN");
  });
});
