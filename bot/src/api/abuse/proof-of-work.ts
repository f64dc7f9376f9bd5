import { hasLeadingZeroBits, proofInput } from "@helpline/contract";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// A self-hosted proof of work, asked before a registration token (and so an account and a room)
// is created: a flood of scripted requests then costs the sender CPU for each one, and no youth's
// browser talks to a third-party captcha. Stateless to issue: a challenge carries its own nonce,
// expiry and difficulty, signed with an HMAC under a secret that lives in memory only (a restart
// invalidates outstanding challenges; the page then solves a fresh one). Single use: a spent
// challenge is remembered until it expires, in a bounded set.
//
// The client finds `solution` such that SHA-256(challenge + ":" + solution) starts with
// `difficultyBits` zero bits: 2^difficultyBits hashes on average. What counts as a solution is the
// contract's (@helpline/contract, proof-of-work.ts), which the page's solver uses too.

export interface Challenge {
  challenge: string;
  difficultyBits: number;
  expiresAt: number;
}

export type Verdict = "valid" | "invalid" | "expired" | "reused" | "busy";
export type RefusedVerdict = Exclude<Verdict, "valid">;

/** At most this many spent challenges are remembered; beyond it, proofs are refused ("busy"). */
export const defaultMaxSpent = 100_000;

const challengePattern = /^([A-Za-z0-9_-]{22})\.(\d{13})\.(\d{1,2})\.([A-Za-z0-9_-]{43})$/;

export class ProofOfWork {
  private readonly secret: Buffer;
  private readonly spent = new Map<string, number>();
  private readonly refused: Record<RefusedVerdict, number> = {
    invalid: 0,
    expired: 0,
    reused: 0,
    busy: 0,
  };

  constructor(
    private readonly options: {
      difficultyBits: number;
      lifetimeMs: number;
      maxSpent?: number;
      random?: (size: number) => Buffer;
    },
  ) {
    this.secret = (options.random ?? randomBytes)(32);
  }

  issue(now: number): Challenge {
    const nonce = (this.options.random ?? randomBytes)(16).toString("base64url");
    const expiresAt = now + this.options.lifetimeMs;
    const payload = `${nonce}.${expiresAt}.${this.options.difficultyBits}`;
    return {
      challenge: `${payload}.${this.mac(payload)}`,
      difficultyBits: this.options.difficultyBits,
      expiresAt,
    };
  }

  /** Checks a proof and, if it is valid, spends its challenge so it cannot be used again. */
  redeem(challenge: string, solution: string, now: number): Verdict {
    const verdict = this.check(challenge, solution, now);
    if (verdict !== "valid") this.refused[verdict] += 1;
    return verdict;
  }

  /** Proofs refused since the start, by why (for the metrics). */
  refusals(): Readonly<Record<RefusedVerdict, number>> {
    return { ...this.refused };
  }

  private check(challenge: string, solution: string, now: number): Verdict {
    const match = challengePattern.exec(challenge);
    if (match === null) return "invalid";
    const [, nonce, expiry, bits, mac] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const payload = `${nonce}.${expiry}.${bits}`;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
    const expiresAt = Number(expiry);
    if (expiresAt <= now) return "expired";
    if (!hasLeadingZeroBits(proofHash(challenge, solution), Number(bits))) return "invalid";
    this.prune(now);
    if (this.spent.has(nonce)) return "reused";
    if (this.spent.size >= (this.options.maxSpent ?? defaultMaxSpent)) return "busy";
    this.spent.set(nonce, expiresAt);
    return "valid";
  }

  private prune(now: number): void {
    for (const [nonce, expiresAt] of this.spent) if (expiresAt <= now) this.spent.delete(nonce);
  }

  private mac(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url");
  }
}

export function proofHash(challenge: string, solution: string): Buffer {
  return createHash("sha256").update(proofInput(challenge, solution)).digest();
}

/** Synchronous solver: for tests and the scripted youth (the browser has its own, asynchronous). */
export function solveProofOfWork(challenge: string, difficultyBits: number): string {
  for (let counter = 0; ; counter += 1) {
    const solution = counter.toString(36);
    if (hasLeadingZeroBits(proofHash(challenge, solution), difficultyBits)) return solution;
  }
}
