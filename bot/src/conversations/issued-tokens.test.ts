import { describe, expect, it } from "vitest";
import { claimGraceMs, IssuedTokens } from "./issued-tokens.ts";

describe("IssuedTokens", () => {
  it("should refuse a token it never issued", () => {
    expect(new IssuedTokens().claim("forged", 0)).toBe("unknown");
  });

  it("should let each token be claimed exactly once", () => {
    const tokens = new IssuedTokens();
    tokens.issue("t", 1_000);
    expect(tokens.claim("t", 0)).toBe("claimed");
    tokens.confirm("t");
    expect(tokens.claim("t", 0)).toBe("already_claimed");
  });

  it("should refuse a second claim while the first is still in progress", () => {
    const tokens = new IssuedTokens();
    tokens.issue("t", 1_000);
    expect(tokens.claim("t", 0)).toBe("claimed");
    expect(tokens.claim("t", 0)).toBe("already_claimed");
  });

  it("should allow a retry after a released claim", () => {
    const tokens = new IssuedTokens();
    tokens.issue("t", 1_000);
    tokens.claim("t", 0);
    tokens.release("t");
    expect(tokens.claim("t", 0)).toBe("claimed");
  });

  it("should still accept a token shortly after expiry and forget it after the grace period", () => {
    const tokens = new IssuedTokens();
    tokens.issue("t", 1_000);
    tokens.issue("u", 1_000);
    expect(tokens.claim("t", 1_000 + claimGraceMs)).toBe("claimed");
    expect(tokens.claim("u", 1_001 + claimGraceMs)).toBe("unknown");
    expect(tokens.size).toBe(1);
  });
});
