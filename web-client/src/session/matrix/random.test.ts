import { describe, expect, it } from "vitest";
import { base32 } from "./random.ts";

describe("random names", () => {
  it("should encode base32 like RFC 4648, in lower case without padding", () => {
    expect(base32(new TextEncoder().encode("foobar"))).toBe("mzxw6ytboi");
    expect(base32(new Uint8Array([0xff]))).toBe("74");
  });
});
