import { hasLeadingZeroBits } from "@helpline/contract";
import { describe, expect, it } from "vitest";
import { ProofOfWork, proofHash, solveProofOfWork } from "./proof-of-work.ts";

const now = Date.parse("2026-11-23T18:00:00Z");

function solved(pow: ProofOfWork, at = now) {
  const issued = pow.issue(at);
  return { ...issued, solution: solveProofOfWork(issued.challenge, issued.difficultyBits) };
}

/** A solution that does not solve: the first counter whose hash has a one in the first bits. */
function wrongSolution(challenge: string, bits: number): string {
  for (let i = 0; ; i += 1) {
    if (!hasLeadingZeroBits(proofHash(challenge, `w${i}`), bits)) return `w${i}`;
  }
}

describe("ProofOfWork", () => {
  const pow = () => new ProofOfWork({ difficultyBits: 8, lifetimeMs: 60_000 });

  it("should accept a solved challenge once, and refuse it when used again", () => {
    const p = pow();
    const { challenge, solution, difficultyBits, expiresAt } = solved(p);
    expect(difficultyBits).toBe(8);
    expect(expiresAt).toBe(now + 60_000);
    expect(p.redeem(challenge, solution, now + 1000)).toBe("valid");
    expect(p.redeem(challenge, solution, now + 2000)).toBe("reused");
  });

  it("should refuse a wrong solution without spending the challenge", () => {
    const p = pow();
    const { challenge, solution } = solved(p);
    expect(p.redeem(challenge, wrongSolution(challenge, 8), now)).toBe("invalid");
    expect(p.redeem(challenge, solution, now)).toBe("valid");
  });

  it("should refuse an expired challenge", () => {
    const p = pow();
    const { challenge, solution } = solved(p);
    expect(p.redeem(challenge, solution, now + 60_000)).toBe("expired");
  });

  it("should refuse a challenge it did not sign, or one whose difficulty was lowered", () => {
    const p = pow();
    const other = solved(pow());
    expect(p.redeem(other.challenge, other.solution, now)).toBe("invalid");
    const { challenge } = p.issue(now);
    const easier = challenge.replace(/\.8\./, ".0.");
    expect(p.redeem(easier, "0", now)).toBe("invalid");
    expect(p.redeem("not a challenge", "0", now)).toBe("invalid");
  });

  it("should refuse new proofs rather than grow without bound", () => {
    const p = new ProofOfWork({ difficultyBits: 1, lifetimeMs: 60_000, maxSpent: 2 });
    expect(p.redeem(...proof(p))).toBe("valid");
    expect(p.redeem(...proof(p))).toBe("valid");
    expect(p.redeem(...proof(p))).toBe("busy");
    // Spent challenges are forgotten once they expire, and room is made again.
    const later = solved(p, now + 60_000);
    expect(p.redeem(later.challenge, later.solution, now + 60_001)).toBe("valid");
  });

  it("should count refused proofs by why, and not the valid ones", () => {
    const p = new ProofOfWork({ difficultyBits: 1, lifetimeMs: 60_000, maxSpent: 1 });
    expect(p.refusals()).toEqual({ invalid: 0, expired: 0, reused: 0, busy: 0 });
    const first = proof(p);
    p.redeem(...first);
    p.redeem(...first);
    p.redeem("not a challenge", "0", now);
    p.redeem(...proof(p));
    const late = solved(p);
    p.redeem(late.challenge, late.solution, now + 60_000);
    expect(p.refusals()).toEqual({ invalid: 1, expired: 1, reused: 1, busy: 1 });
  });

  function proof(p: ProofOfWork): [string, string, number] {
    const { challenge, solution } = solved(p);
    return [challenge, solution, now];
  }
});
