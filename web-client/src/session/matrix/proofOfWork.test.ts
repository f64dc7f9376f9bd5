import { createHash } from "node:crypto";
import { hasLeadingZeroBits } from "@helpline/contract";
import { describe, expect, it } from "vitest";
import type { Fetch } from "./http.ts";
import { createProofSource, solveChallenge } from "./proofOfWork.ts";

function sha256(text: string): Uint8Array {
  return createHash("sha256").update(text).digest();
}

describe("solveChallenge", () => {
  it("should find a solution the bot's check accepts", async () => {
    const challenge = "nonce.1795000000000.10.mac";
    const solution = await solveChallenge(challenge, 10);
    expect(hasLeadingZeroBits(sha256(`${challenge}:${solution}`), 10)).toBe(true);
  });

  it("should solve the default difficulty quickly with WebCrypto", async () => {
    // 13 bits, the bot's default: ~8,200 hashes on average. Measured here ~0.1 s; a generous
    // bound so a slow CI machine does not fail, while a solver gone wrong (synchronous, or
    // hashing one at a time) would.
    const started = performance.now();
    await solveChallenge("AAAAAAAAAAAAAAAAAAAAAA.1795000000000.13.mac", 13);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("createProofSource", () => {
  function bot(expiresAt: string) {
    let issued = 0;
    const fetchFn: Fetch = async (url) => {
      expect(url).toBe("/api/challenges");
      issued += 1;
      return new Response(
        JSON.stringify({ challenge: `c${issued}`, difficultyBits: 4, expiresAt }),
        { status: 201 },
      );
    };
    return { fetchFn, issued: () => issued };
  }

  it("should solve ahead when warmed up, and hand each proof out once", async () => {
    const { fetchFn, issued } = bot("2026-11-23T18:10:00Z");
    const now = () => Date.parse("2026-11-23T18:00:00Z");
    const proofs = createProofSource(fetchFn, "/api", now);
    proofs.warmUp();
    proofs.warmUp();
    const first = await proofs.take();
    expect(issued()).toBe(1);
    expect(first.challenge).toBe("c1");
    expect(hasLeadingZeroBits(sha256(`c1:${first.solution}`), 4)).toBe(true);
    expect((await proofs.take()).challenge).toBe("c2");
  });

  it("should solve again when the proof solved ahead has gone stale", async () => {
    const { fetchFn, issued } = bot("2026-11-23T18:10:00Z");
    let time = Date.parse("2026-11-23T18:00:00Z");
    const proofs = createProofSource(fetchFn, "/api", () => time);
    proofs.warmUp();
    time = Date.parse("2026-11-23T18:09:30Z");
    expect((await proofs.take()).challenge).toBe("c2");
    expect(issued()).toBe(2);
  });

  it("should say when this device or network asked too often", async () => {
    const fetchFn: Fetch = async () =>
      new Response(JSON.stringify({ error: { code: "rate_limited", retryAfterSeconds: 6 } }), {
        status: 429,
      });
    await expect(createProofSource(fetchFn, "/api").take()).rejects.toMatchObject({
      kind: "rateLimited",
    });
  });

  it("should say when this device is barred", async () => {
    const fetchFn: Fetch = async () =>
      new Response(JSON.stringify({ error: { code: "barred", message: "" } }), { status: 403 });
    await expect(createProofSource(fetchFn, "/api").take()).rejects.toMatchObject({
      kind: "barred",
    });
  });
});
