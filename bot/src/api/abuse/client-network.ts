import { isIPv4, isIPv6 } from "node:net";

// What a rate limit or a bar should count as one client. For IPv4 that is the address. For IPv6
// it is the /64 prefix: an ISP hands each home (and each phone) at least a /64, and a device picks
// fresh addresses inside it at will (privacy extensions), so keying on the full IPv6 address would
// give anyone an endless supply of fresh identities to escape a limit or a bar. The price is the
// same as for a shared IPv4 address (a school): everyone on that network shares one key.

/**
 * The network a client address counts as: an IPv4 address as itself (also when written as an
 * IPv4-mapped IPv6 address, `::ffff:203.0.113.7`, as a dual-stack socket reports it); an IPv6
 * address as its /64 prefix in one canonical spelling (`2001:db8:0:1::/64`), whatever its
 * compression, case or zone id. Anything else (no address at all) is returned unchanged.
 */
export function clientNetworkOf(address: string): string {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (isIPv4(bare)) return bare;
  // A zone id (`fe80::1%eth0`) names an interface of this machine, not part of the address.
  const zone = bare.indexOf("%");
  const unzoned = zone === -1 ? bare : bare.slice(0, zone);
  if (!isIPv6(unzoned)) return address;
  const groups = ipv6Groups(unzoned);
  const [low, high] = [groups[6] ?? 0, groups[7] ?? 0];
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [low >> 8, low & 0xff, high >> 8, high & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of an address node:net already accepted as IPv6 (so well-formed). */
function ipv6Groups(address: string): number[] {
  const parse = (part: string): number[] => {
    if (part === "") return [];
    return part.split(":").flatMap((piece) => {
      if (!piece.includes(".")) return [Number.parseInt(piece, 16)];
      // An embedded IPv4 tail (`::ffff:1.2.3.4`) stands for the last two groups.
      const [a = 0, b = 0, c = 0, d = 0] = piece.split(".").map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const gap = address.indexOf("::");
  if (gap === -1) return parse(address);
  const head = parse(address.slice(0, gap));
  const tail = parse(address.slice(gap + 2));
  return [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}
