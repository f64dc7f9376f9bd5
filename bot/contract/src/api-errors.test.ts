import { describe, expect, it } from "vitest";
import {
  apiErrorCodes,
  apiErrorOf,
  counsellorErrorCodes,
  requestErrorCodes,
  youthErrorCodes,
} from "./api-errors.ts";

describe("API error codes", () => {
  it("should give each code one meaning: no code in two lists", () => {
    const all = [...requestErrorCodes, ...youthErrorCodes, ...counsellorErrorCodes];
    expect(new Set(all).size).toBe(all.length);
    expect(apiErrorCodes).toEqual(all);
  });

  it.each(apiErrorCodes)("should read the error of an answer with code %s", (code) => {
    expect(apiErrorOf({ error: { code, message: "English, for logs." } }, apiErrorCodes)).toEqual({
      code,
      message: "English, for logs.",
    });
  });

  it("should keep the error's other fields (nextOpensAt, retryAfterSeconds)", () => {
    expect(
      apiErrorOf({ error: { code: "rate_limited", retryAfterSeconds: 6 } }, ["rate_limited"]),
    ).toEqual({ code: "rate_limited", retryAfterSeconds: 6 });
  });

  it("should read no error from a code the caller does not expect", () => {
    const body = { error: { code: "barred", message: "" } };
    expect(apiErrorOf(body, ["barred"])?.code).toBe("barred");
    expect(apiErrorOf(body, ["closed", "rate_limited"])).toBeNull();
    expect(apiErrorOf(body, [])).toBeNull();
  });

  it("should read no error from an unknown code or a body of another shape", () => {
    for (const body of [
      { error: { code: "no_counsellor_available" } },
      { error: { code: "CLOSED" } },
      { error: { code: 403 } },
      { error: "closed" },
      { code: "closed" },
      "<html>Bad gateway</html>",
      null,
    ]) {
      expect(apiErrorOf(body, apiErrorCodes)).toBeNull();
    }
  });
});
