import { BlockList, isIP } from "node:net";

export const MAX_ENDPOINT_URL_LENGTH = 2048;

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>;

/** A destination Herald refuses to call; `message` is written for the endpoint's owner. */
export class BlockedAddressError extends Error {
  override readonly name = "BlockedAddressError";
  readonly hostname: string;
  readonly address: string;

  constructor(hostname: string, address: string, reason: string) {
    super(hostname === address ? `address ${address} is ${reason}` : `host ${hostname} resolves to ${address}, ${reason}`);
    this.hostname = hostname;
    this.address = address;
  }
}

export class DnsError extends Error {
  override readonly name = "DnsError";
  readonly hostname: string;

  constructor(hostname: string, detail: string, options?: { cause?: unknown }) {
    super(`could not resolve host ${hostname}: ${detail}`, options);
    this.hostname = hostname;
  }
}

interface Range {
  reason: string;
  cidrs: ReadonlyArray<readonly [network: string, prefix: number]>;
}

// Checked in order, so the most specific description of an address wins
// (the metadata address is also link-local, the broadcast address also reserved).
const RANGES: readonly Range[] = [
  {
    reason: "the cloud metadata address",
    cidrs: [
      ["169.254.169.254", 32],
      ["fd00:ec2::254", 128],
    ],
  },
  {
    reason: "a loopback address",
    cidrs: [
      ["127.0.0.0", 8],
      ["::1", 128],
    ],
  },
  {
    reason: "an unspecified address",
    cidrs: [
      ["0.0.0.0", 8],
      ["::", 128],
    ],
  },
  {
    reason: "a private address",
    cidrs: [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
      ["fc00::", 7],
      ["fec0::", 10],
    ],
  },
  {
    reason: "a link-local address",
    cidrs: [
      ["169.254.0.0", 16],
      ["fe80::", 10],
    ],
  },
  { reason: "a shared (carrier-grade NAT) address", cidrs: [["100.64.0.0", 10]] },
  {
    reason: "a multicast address",
    cidrs: [
      ["224.0.0.0", 4],
      ["ff00::", 8],
    ],
  },
  { reason: "the broadcast address", cidrs: [["255.255.255.255", 32]] },
  {
    reason: "a reserved address",
    cidrs: [
      ["240.0.0.0", 4],
      ["192.0.0.0", 24],
      ["192.0.2.0", 24],
      ["198.18.0.0", 15],
      ["198.51.100.0", 24],
      ["203.0.113.0", 24],
      ["100::", 64],
      ["2001:db8::", 32],
      // Teredo tunnels and local-use NAT64 can reach addresses we cannot see from here.
      ["2001::", 32],
      ["64:ff9b:1::", 48],
    ],
  },
];

const BLOCK_LISTS = RANGES.map(({ reason, cidrs }) => {
  const list = new BlockList();
  for (const [network, prefix] of cidrs) list.addSubnet(network, prefix, isIP(network) === 4 ? "ipv4" : "ipv6");
  return { reason, list };
});

/** The eight 16-bit groups of an address `isIP` already accepted as IPv6 (zone id removed). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const tailStart = text.lastIndexOf(":") + 1;
  const tail = text.slice(tailStart);
  if (tail.includes(".")) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split(".").map(Number);
    text = `${text.slice(0, tailStart)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const restGroups = rest === undefined || rest === "" ? [] : rest.split(":");
  const fill = rest === undefined ? [] : new Array<string>(8 - headGroups.length - restGroups.length).fill("0");
  return [...headGroups, ...fill, ...restGroups].map((g) => parseInt(g, 16));
}

function ipv4FromGroups(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/**
 * IPv6 forms that the network stack (or a translator on the path) turns into an
 * IPv4 destination, so they must be judged by that IPv4 address.
 */
function embeddedIPv4(groups: number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroPrefix && (g5 === 0xffff || g5 === 0)) return ipv4FromGroups(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4FromGroups(g6, g7);
  if (g0 === 0x2002) return ipv4FromGroups(g1 ?? 0, g2 ?? 0);
  return undefined;
}

function reasonFromLists(ip: string, family: "ipv4" | "ipv6"): string | undefined {
  return BLOCK_LISTS.find(({ list }) => list.check(ip, family))?.reason;
}

/**
 * Why Herald must not connect to `ip`, or undefined when it may. Anything that is
 * not an IP address is refused, so a caller passing a hostname fails closed.
 */
export function blockedAddressReason(ip: string): string | undefined {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  const unzoned = bare.split("%")[0] ?? bare;
  const family = isIP(unzoned);
  if (family === 4) return reasonFromLists(unzoned, "ipv4");
  if (family !== 6) return "not an IP address";
  const own = reasonFromLists(unzoned, "ipv6");
  if (own !== undefined) return own;
  const v4 = embeddedIPv4(ipv6Groups(unzoned));
  const inner = v4 === undefined ? undefined : reasonFromLists(v4, "ipv4");
  return inner === undefined ? undefined : `${inner} (embedded IPv4 ${v4})`;
}

export function isBlockedAddress(ip: string): boolean {
  return blockedAddressReason(ip) !== undefined;
}

function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/**
 * The static half of the endpoint URL rules (SPEC §4). Hostnames still have to go
 * through `resolveAndCheck`, at creation and again at connect time.
 */
export function validateEndpointUrl(raw: string, opts: { allowInsecure: boolean }): UrlCheck {
  if (raw.length > MAX_ENDPOINT_URL_LENGTH) {
    return { ok: false, message: `URL must be at most ${MAX_ENDPOINT_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "URL must be an absolute URL such as https://example.com/webhooks" };
  }
  // WHATWG parsing guarantees a non-empty host for http(s), so no separate host check is needed.
  const allowedSchemes = opts.allowInsecure ? ["https:", "http:"] : ["https:"];
  if (!allowedSchemes.includes(url.protocol)) {
    return {
      ok: false,
      message: opts.allowInsecure ? "URL must use https or http" : "URL must use https",
    };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, message: "URL must not contain a username or password" };
  }
  if (opts.allowInsecure) return { ok: true, url };

  const host = stripBrackets(url.hostname);
  if (isIP(host) !== 0) {
    const reason = blockedAddressReason(host);
    if (reason !== undefined) return { ok: false, message: `URL host ${host} is ${reason}` };
  } else if (isLocalhostName(host)) {
    return { ok: false, message: `URL host ${host} is a loopback name` };
  }
  return { ok: true, url };
}

/**
 * Resolves `hostname` (a URL hostname; IPv6 literals may keep their brackets) and
 * refuses it when any answer is blocked: one bad record is enough for an attacker,
 * since the connection may pick any of them.
 */
export async function resolveAndCheck(hostname: string, opts: { allowInsecure: boolean; lookup: LookupAll }): Promise<ResolvedAddress[]> {
  const host = stripBrackets(hostname);
  const literalFamily = isIP(host);
  let addresses: ResolvedAddress[];
  if (literalFamily !== 0) {
    addresses = [{ address: host, family: literalFamily }];
  } else {
    try {
      addresses = await opts.lookup(host);
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      throw new DnsError(host, typeof code === "string" ? code : String(err), { cause: err });
    }
    if (addresses.length === 0) throw new DnsError(host, "no addresses");
  }
  if (!opts.allowInsecure) {
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address);
      if (reason !== undefined) throw new BlockedAddressError(host, address, reason);
    }
  }
  return addresses;
}
