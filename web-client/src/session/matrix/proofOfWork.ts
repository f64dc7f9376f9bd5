import { apiErrorOf, hasLeadingZeroBits, isRecord, proofInput } from "@helpline/contract";
import { SessionFailure } from "../types.ts";
import { postJson, type Fetch } from "./http.ts";

// The bot asks for a small proof of work before it creates an account (bot/src/api/abuse/
// proof-of-work.ts): find `solution` so that SHA-256(challenge + ":" + solution) starts with
// `difficultyBits` zero bits, the check both sides take from @helpline/contract. The page solves
// it in the background as soon as the welcome screen shows, so pressing the start button costs
// nothing more; a proof that went stale meanwhile is solved again.

export interface Proof {
  readonly challenge: string;
  readonly solution: string;
}

interface Solved extends Proof {
  readonly expiresAt: number;
}

/** Hashes computed at once: each crypto.subtle call is asynchronous, so the page stays responsive. */
const batchSize = 128;
/** A proof this close to its expiry is solved again rather than risked. */
const expiryMarginMs = 60_000;

export type Digest = (data: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>;

const subtleDigest: Digest = (data) => crypto.subtle.digest("SHA-256", data);

/** Tries counters in batches until one hash has enough leading zero bits. */
export async function solveChallenge(
  challenge: string,
  difficultyBits: number,
  digest: Digest = subtleDigest,
): Promise<string> {
  const encoder = new TextEncoder();
  for (let start = 0; ; start += batchSize) {
    const candidates = Array.from({ length: batchSize }, (_, i) => (start + i).toString(36));
    const hashes = await Promise.all(
      candidates.map((solution) => digest(encoder.encode(proofInput(challenge, solution)))),
    );
    const found = hashes.findIndex((hash) =>
      hasLeadingZeroBits(new Uint8Array(hash), difficultyBits),
    );
    if (found >= 0) return candidates[found] as string;
  }
}

export interface ProofSource {
  /** Starts fetching and solving a challenge now, if none is ready or under way. */
  warmUp(): void;
  /** A fresh proof, solved ahead if possible; each proof is handed out once. */
  take(): Promise<Proof>;
}

export function createProofSource(
  fetchFn: Fetch,
  apiBase: string,
  now: () => number = Date.now,
  digest: Digest = subtleDigest,
): ProofSource {
  let pending: Promise<Solved> | null = null;

  async function solveOne(): Promise<Solved> {
    const { status, body } = await postJson(fetchFn, `${apiBase}/challenges`, {});
    const challenge = isRecord(body) ? body["challenge"] : undefined;
    const bits = isRecord(body) ? body["difficultyBits"] : undefined;
    const expiresAt = isRecord(body) ? Date.parse(String(body["expiresAt"])) : NaN;
    if (status !== 201 || typeof challenge !== "string" || typeof bits !== "number") {
      throw new SessionFailure(kindOf(body), `challenge refused (${status})`);
    }
    const solution = await solveChallenge(challenge, bits, digest);
    return { challenge, solution, expiresAt: Number.isNaN(expiresAt) ? 0 : expiresAt };
  }

  function start(): Promise<Solved> {
    const attempt = solveOne();
    pending = attempt;
    // A failed attempt (offline, bot restarting) must not stick: the next take starts again.
    attempt.catch(() => {
      if (pending === attempt) pending = null;
    });
    return attempt;
  }

  return {
    warmUp() {
      if (pending === null) start().catch(() => undefined);
    },
    async take() {
      const ready = pending ?? start();
      pending = null;
      const solved = await ready;
      if (solved.expiresAt - expiryMarginMs > now()) {
        return { challenge: solved.challenge, solution: solved.solution };
      }
      const fresh = await start();
      pending = null;
      return { challenge: fresh.challenge, solution: fresh.solution };
    },
  };
}

function kindOf(body: unknown): "barred" | "rateLimited" | "generic" {
  const code = apiErrorOf(body, ["barred", "rate_limited"])?.code;
  if (code === "barred") return "barred";
  return code === "rate_limited" ? "rateLimited" : "generic";
}
