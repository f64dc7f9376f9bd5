// The proof of work the bot asks before it creates an account (bot/src/api/abuse/proof-of-work.ts,
// POST /api/challenges): find `solution` so that SHA-256(challenge + ":" + solution) starts with
// `difficultyBits` zero bits. The bot checks a proof with this function, the page's solver looks
// for one with it: both must agree on the very same bits.

/** Whether the hash starts with at least `bits` zero bits. */
export function hasLeadingZeroBits(hash: Uint8Array, bits: number): boolean {
  let remaining = bits;
  for (const byte of hash) {
    if (remaining <= 0) return true;
    if (remaining >= 8) {
      if (byte !== 0) return false;
      remaining -= 8;
    } else {
      return byte >> (8 - remaining) === 0;
    }
  }
  return remaining <= 0;
}

/** What is hashed for a proof: the challenge and the solution, joined by a colon. */
export function proofInput(challenge: string, solution: string): string {
  return `${challenge}:${solution}`;
}
