/** Randomness for the throwaway account. The source is injected so tests are deterministic. */
export type RandomSource = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** RFC 4648 base32 alphabet in lower case (valid in a Matrix localpart), no padding. */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * "y" + 24 base32 characters (120 random bits). We choose it ourselves: Synapse's own ids are
 * sequential and would tell anyone how many youths wrote.
 */
export function randomLocalpart(random: RandomSource): string {
  return "y" + base32(random(new Uint8Array(15)));
}

/** 32 random bytes; only this browser tab ever knows it. */
export function randomPassword(random: RandomSource): string {
  return base64url(random(new Uint8Array(32)));
}
