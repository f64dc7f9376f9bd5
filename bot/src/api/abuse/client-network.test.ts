import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClientKeys } from "./client-keys.ts";
import { clientNetworkOf } from "./client-network.ts";

/** An IPv6 address as eight groups, and the ways a client or a proxy may spell it. */
const groups = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });

function fullForm(address: readonly number[]): string {
  return address.map((group) => group.toString(16).padStart(4, "0")).join(":");
}

/** Compresses the longest run of zero groups to "::", as RFC 5952 (and most stacks) do. */
function compressedForm(address: readonly number[]): string {
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && address[start + length] === 0) length += 1;
    if (length > best.length) best = { start, length };
  }
  const hex = address.map((group) => group.toString(16));
  if (best.length < 2) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

describe("clientNetworkOf", () => {
  it("should keep an IPv4 address as it is", () => {
    expect(clientNetworkOf("203.0.113.7")).toBe("203.0.113.7");
  });

  it("should read an IPv4-mapped IPv6 address as the IPv4 address, in either spelling", () => {
    expect(clientNetworkOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetworkOf("::FFFF:cb00:7107")).toBe("203.0.113.7");
    expect(clientNetworkOf("0:0:0:0:0:ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("should reduce an IPv6 address to its /64, whatever its compression, case, zone or brackets", () => {
    const network = "2001:db8:0:1::/64";
    for (const spelling of [
      "2001:db8:0:1::1",
      "2001:0DB8:0000:0001:0000:0000:0000:0001",
      "2001:db8::1:a:b:c:d",
      "[2001:db8:0:1:ffff:ffff:ffff:ffff]",
      "2001:db8:0:1::5%eth0",
      "2001:db8:0:1:0:0:198.51.100.1",
    ]) {
      expect(clientNetworkOf(spelling), spelling).toBe(network);
    }
    expect(clientNetworkOf("2001:db8:0:2::1")).not.toBe(network);
    expect(clientNetworkOf("::1")).toBe("0:0:0:0::/64");
  });

  it("should leave anything that is not an address unchanged", () => {
    for (const value of ["unknown", "", "2001:db8::1::2", "999.0.0.1", "[203.0.113.7"]) {
      expect(clientNetworkOf(value)).toBe(value);
    }
  });

  it("should give every address of one /64, however spelt, the same network (property)", () => {
    fc.assert(
      fc.property(groups, groups, fc.boolean(), (a, b, compress) => {
        fc.pre(!a.slice(0, 6).every((g, i) => g === (i === 5 ? 0xffff : 0)));
        const sameNetwork = [...a.slice(0, 4), ...b.slice(4)];
        const spell = compress ? compressedForm : fullForm;
        expect(clientNetworkOf(spell(sameNetwork))).toBe(clientNetworkOf(fullForm(a)));
        expect(clientNetworkOf(spell(a).toUpperCase())).toBe(clientNetworkOf(fullForm(a)));
      }),
    );
  });

  it("should give addresses of two different /64s two different networks (property)", () => {
    fc.assert(
      fc.property(groups, groups, (a, b) => {
        fc.pre(a.slice(0, 4).join() !== b.slice(0, 4).join());
        fc.pre(![a, b].some((x) => x.slice(0, 6).every((g, i) => g === (i === 5 ? 0xffff : 0))));
        expect(clientNetworkOf(compressedForm(a))).not.toBe(clientNetworkOf(compressedForm(b)));
      }),
    );
  });

  it("should map every IPv4 address and its IPv4-mapped IPv6 spellings to the same network (property)", () => {
    fc.assert(
      fc.property(fc.ipV4(), (ipv4) => {
        const [a = 0, b = 0, c = 0, d = 0] = ipv4.split(".").map(Number);
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        expect(clientNetworkOf(`::ffff:${ipv4}`)).toBe(ipv4);
        expect(clientNetworkOf(`::ffff:${hex}`)).toBe(ipv4);
      }),
    );
  });
});

describe("ClientKeys over IPv6", () => {
  it("should give every address of one /64 one key, so fresh addresses are no fresh identity", () => {
    const keys = new ClientKeys(0);
    const key = keys.keyOf("2001:db8:0:1::1", 1);
    expect(keys.keyOf("2001:db8:0:1:dead:beef:0:7", 1)).toBe(key);
    expect(keys.keysOf("2001:db8:0:1:abcd::9", 1)).toContain(key);
    expect(keys.keyOf("2001:db8:0:2::1", 1)).not.toBe(key);
  });

  it("should give an IPv4 client the same key over IPv4 and through a dual-stack socket", () => {
    const keys = new ClientKeys(0);
    expect(keys.keyOf("::ffff:203.0.113.7", 1)).toBe(keys.keyOf("203.0.113.7", 1));
  });
});
