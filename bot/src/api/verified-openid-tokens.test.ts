import { describe, expect, it } from "vitest";
import { VerifiedOpenIdTokens } from "./verified-openid-tokens.ts";

/** Synapse's userinfo endpoint as a table, counting the calls made to it. */
function synapse(valid: Record<string, string>) {
  const calls: string[] = [];
  return {
    calls,
    verify: async (token: string) => {
      calls.push(token);
      return valid[token] ?? null;
    },
  };
}

describe("VerifiedOpenIdTokens", () => {
  it("should ask Synapse once for a token used again within the TTL, and again after it", async () => {
    const tokens = new VerifiedOpenIdTokens(60_000);
    const homeserver = synapse({ good: "@intervenante:localhost" });
    expect(tokens.lookup("good", 0)).toBeUndefined();
    expect(await tokens.verify("good", 0, homeserver.verify)).toBe("@intervenante:localhost");
    for (const at of [1, 30_000, 59_999]) {
      expect(tokens.lookup("good", at)).toBe("@intervenante:localhost");
    }
    expect(homeserver.calls).toEqual(["good"]);
    expect(tokens.lookup("good", 60_000)).toBeUndefined();
  });

  it("should never remember a token Synapse refused", async () => {
    const tokens = new VerifiedOpenIdTokens();
    const homeserver = synapse({});
    expect(await tokens.verify("forged", 0, homeserver.verify)).toBeNull();
    expect(tokens.lookup("forged", 1)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it("should ask once for simultaneous requests with the same new token", async () => {
    const tokens = new VerifiedOpenIdTokens();
    const homeserver = synapse({ good: "@intervenante:localhost" });
    const answers = await Promise.all(
      [0, 1, 2].map(() => tokens.verify("good", 0, homeserver.verify)),
    );
    expect(answers).toEqual(Array(3).fill("@intervenante:localhost"));
    expect(homeserver.calls).toHaveLength(1);
  });

  it("should keep no token itself in memory, only its hash", async () => {
    const tokens = new VerifiedOpenIdTokens();
    await tokens.verify(
      "secret-openid-token",
      0,
      synapse({ "secret-openid-token": "@a:x" }).verify,
    );
    const inside = JSON.stringify([
      ...(tokens as unknown as { entries: Map<string, unknown> }).entries,
    ]);
    expect(inside).not.toContain("secret-openid-token");
  });

  it("should stay bounded, dropping the oldest confirmation first", async () => {
    const tokens = new VerifiedOpenIdTokens(60_000, 3);
    const valid = Object.fromEntries(["a", "b", "c", "d"].map((t) => [t, `@${t}:localhost`]));
    for (const [i, token] of ["a", "b", "c", "d"].entries()) {
      await tokens.verify(token, i, synapse(valid).verify);
    }
    expect(tokens.size).toBe(3);
    expect(tokens.lookup("a", 10)).toBeUndefined();
    expect(tokens.lookup("d", 10)).toBe("@d:localhost");
  });
});
