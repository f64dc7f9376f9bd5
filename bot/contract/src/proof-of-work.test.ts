import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hasLeadingZeroBits, proofInput } from "./proof-of-work.ts";

describe("hasLeadingZeroBits", () => {
  it("should count bits across byte boundaries", () => {
    expect(hasLeadingZeroBits(Uint8Array.of(0, 0x0f), 12)).toBe(true);
    expect(hasLeadingZeroBits(Uint8Array.of(0, 0x1f), 12)).toBe(false);
    expect(hasLeadingZeroBits(Uint8Array.of(0, 0), 16)).toBe(true);
    expect(hasLeadingZeroBits(Uint8Array.of(0x80), 0)).toBe(true);
  });

  it("should refuse more bits than the hash has", () => {
    expect(hasLeadingZeroBits(Uint8Array.of(0, 0), 17)).toBe(false);
  });
});

describe("proofInput", () => {
  it("should hash what the bot hashes: challenge, colon, solution", () => {
    const hash = createHash("sha256").update(proofInput("abc", "1z")).digest();
    expect(hash).toEqual(createHash("sha256").update("abc:1z").digest());
  });
});
