import { describe, expect, it } from "vitest";
import { base32, base64url, randomLocalpart, randomPassword } from "./random.ts";

const counting = <T extends Uint8Array>(bytes: T): T => {
  bytes.forEach((_, i) => (bytes[i] = i * 17));
  return bytes;
};

describe("random account material", () => {
  it("should encode base32 like RFC 4648, in lower case without padding", () => {
    expect(base32(new TextEncoder().encode("foobar"))).toBe("mzxw6ytboi");
    expect(base32(new Uint8Array([0xff]))).toBe("74");
  });

  it("should encode base64url without padding", () => {
    expect(base64url(new Uint8Array([0xfb, 0xff]))).toBe("-_8");
  });

  it("should make a 25-character localpart from 120 random bits", () => {
    const localpart = randomLocalpart(counting);
    expect(localpart).toMatch(/^y[a-z2-7]{24}$/);
  });

  it("should make a 43-character password from 32 random bytes", () => {
    expect(randomPassword(counting)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("should give different localparts with real randomness", () => {
    const real = <T extends Uint8Array<ArrayBuffer>>(b: T): T => crypto.getRandomValues(b);
    expect(randomLocalpart(real)).not.toBe(randomLocalpart(real));
  });
});
