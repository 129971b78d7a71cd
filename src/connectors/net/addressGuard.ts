/**
 * Server-side request forgery guard: a source's URL is typed by a workspace admin, so without a
 * check it could make Parley fetch its own metadata service, a database on the private network or
 * a router's admin page. Every address a name resolves to is vetted, and the connection is made
 * to an address from that same resolution (see `guardedLookup`), so a name that answers a public
 * address to the check and a private one to the connection (DNS rebinding) gets nowhere.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (tests pass a fake). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The guard refused an address or a URL. */
export class AddressRefused extends Error {
  readonly host: string;
  constructor(host: string, reason: string) {
    super(`${host} is refused: ${reason}`);
    this.name = "AddressRefused";
    this.host = host;
  }
}

// IPv4 ranges no source may reach: [first address as a 32-bit number, prefix length, what it is].
const V4_RANGES: [number, number, string][] = [
  [v4("0.0.0.0"), 8, "an unspecified address"],
  [v4("10.0.0.0"), 8, "a private address"],
  [v4("100.64.0.0"), 10, "a shared (CGNAT) address"],
  [v4("127.0.0.0"), 8, "a loopback address"],
  [v4("169.254.0.0"), 16, "a link-local address"],
  [v4("172.16.0.0"), 12, "a private address"],
  [v4("192.0.0.0"), 24, "a protocol-assignment address"],
  [v4("192.0.2.0"), 24, "a documentation address"],
  [v4("192.88.99.0"), 24, "a 6to4 relay address"],
  [v4("192.168.0.0"), 16, "a private address"],
  [v4("198.18.0.0"), 15, "a benchmarking address"],
  [v4("198.51.100.0"), 24, "a documentation address"],
  [v4("203.0.113.0"), 24, "a documentation address"],
  [v4("224.0.0.0"), 4, "a multicast address"],
  [v4("240.0.0.0"), 4, "a reserved or broadcast address"],
];

function v4(dotted: string): number {
  const parts = dotted.split(".").map(Number);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function v4Reason(value: number): string | undefined {
  for (const [base, prefix, reason] of V4_RANGES) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((value & mask) >>> 0 === base) return reason;
  }
  return undefined;
}

/** The sixteen bytes of an IPv6 address (without brackets or zone), or undefined if it is not one. */
export function parseIpv6(text: string): Uint8Array | undefined {
  const address = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIP(address) !== 6) return undefined;
  let groups: number[] = [];
  const halves = address.split("::");
  const toGroups = (part: string): number[] => {
    if (!part) return [];
    const out: number[] = [];
    for (const piece of part.split(":")) {
      if (piece.includes(".")) {
        const n = v4(piece);
        out.push(n >>> 16, n & 0xffff);
      } else out.push(Number.parseInt(piece, 16));
    }
    return out;
  };
  const head = toGroups(halves[0]!);
  if (halves.length === 2) {
    const tail = toGroups(halves[1]!);
    groups = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  } else groups = head;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >>> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

function startsWith(bytes: Uint8Array, prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const i = bit / 8;
    const take = Math.min(8, bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[i]! & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function embeddedV4(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function v6Reason(bytes: Uint8Array): string | undefined {
  const zeroUpTo = (n: number) => bytes.subarray(0, n).every((b) => b === 0);
  if (zeroUpTo(16)) return "an unspecified address";
  if (zeroUpTo(15) && bytes[15] === 1) return "a loopback address";
  // Forms that carry an IPv4 address: judged by that address.
  if (zeroUpTo(10) && bytes[10] === 0xff && bytes[11] === 0xff) {
    const inner = v4Reason(embeddedV4(bytes, 12));
    return inner && `an IPv4-mapped form of ${inner}`;
  }
  if (zeroUpTo(12)) {
    const inner = v4Reason(embeddedV4(bytes, 12));
    return inner && `an IPv4-compatible form of ${inner}`;
  }
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) {
    const inner = v4Reason(embeddedV4(bytes, 12));
    return inner && `a NAT64 form of ${inner}`;
  }
  if (startsWith(bytes, [0x20, 0x02], 16)) {
    const inner = v4Reason(embeddedV4(bytes, 2));
    return inner && `a 6to4 form of ${inner}`;
  }
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48)) return "a local-use NAT64 address";
  if (startsWith(bytes, [0x01, 0x00, 0, 0, 0, 0, 0, 0], 64)) return "a discard-only address";
  if (startsWith(bytes, [0x20, 0x01, 0x0d, 0xb8], 32)) return "a documentation address";
  if (startsWith(bytes, [0x20, 0x01, 0x00, 0x00], 32)) return "a Teredo address";
  if (startsWith(bytes, [0xfc], 7)) return "a unique-local (private) address";
  if (startsWith(bytes, [0xfe, 0x80], 10)) return "a link-local address";
  if (startsWith(bytes, [0xfe, 0xc0], 10)) return "a site-local address";
  if (startsWith(bytes, [0xff], 8)) return "a multicast address";
  return undefined;
}

/**
 * Why an IP address must not be reached from a source, or undefined for a public address.
 * Anything that is not an IP address is refused too.
 */
export function forbiddenReason(address: string): string | undefined {
  const plain = address.replace(/^\[|\]$/g, "");
  const family = isIP(plain.replace(/%.*$/, ""));
  if (family === 4) return v4Reason(v4(plain));
  if (family === 6) return v6Reason(parseIpv6(plain)!);
  return "not an IP address";
}

export interface GuardPolicy {
  /** Admin-set per source: private, loopback and link-local addresses are allowed. */
  allowPrivateNetwork: boolean;
  resolver?: Resolver;
}

/**
 * Checks a URL before any connection: only http and https, with a host. An IP literal (in any
 * spelling the URL parser accepts: `2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`, all normalised
 * by it to the canonical form) is judged here, since no lookup happens for it. Returns the URL.
 */
export function checkUrl(raw: string | URL, policy: GuardPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AddressRefused(String(raw).slice(0, 200), "not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AddressRefused(url.protocol, "only http and https addresses can be fetched");
  }
  if (url.username || url.password)
    throw new AddressRefused(url.host, "addresses with credentials are refused");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!host) throw new AddressRefused(url.href, "the address has no host");
  if (isIP(host) && !policy.allowPrivateNetwork) {
    const reason = forbiddenReason(host);
    if (reason) throw new AddressRefused(url.host, reason);
  }
  return url;
}

/** Resolves a name and vets every address it has: one forbidden address refuses the name. */
export async function vetHost(hostname: string, policy: GuardPolicy): Promise<ResolvedAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else addresses = await (policy.resolver ?? systemResolver)(host);
  if (addresses.length === 0) throw new AddressRefused(host, "the name has no address");
  if (!policy.allowPrivateNetwork) {
    for (const { address } of addresses) {
      const reason = forbiddenReason(address);
      if (reason) throw new AddressRefused(host, `it resolves to ${address}, ${reason}`);
    }
  }
  return addresses;
}

/**
 * A `lookup` for `net.connect` / `tls.connect` (and so for an undici Agent): the socket connects
 * to an address this lookup vetted, never to one a second resolution might return.
 */
export function guardedLookup(policy: GuardPolicy): LookupFunction {
  return (hostname, options, callback) => {
    vetHost(hostname, policy).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) {
          callback(new AddressRefused(hostname, `it has no IPv${family} address`), "", 0);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, "", 0),
    );
  };
}
