import { describe, it, expect } from "vitest";
import { BlockedAddressError, DnsError, blockedAddressReason, isBlockedAddress, resolveAndCheck, validateEndpointUrl, type LookupAll } from "./url-policy.ts";

describe("isBlockedAddress", () => {
  const blocked: Array<[string, string]> = [
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "reserved"],
    ["2001:db8::1", "reserved"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["::127.0.0.1", "loopback"],
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::10.1.2.3", "private"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["2002:7f00:1::", "loopback"],
    ["2002:c0a8:101::1", "private"],
    ["[::1]", "loopback"],
    ["example.com", "not an IP address"],
  ];
  it.each(blocked)("blocks %s (%s)", (ip, kind) => {
    expect(isBlockedAddress(ip)).toBe(true);
    expect(blockedAddressReason(ip)).toContain(kind);
  });

  const allowed = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.15.255.255",
    "172.32.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "169.253.255.255",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:82b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ];
  it.each(allowed)("allows %s", (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
    expect(blockedAddressReason(ip)).toBeUndefined();
  });

  it("names the embedded IPv4 address of a translated IPv6 address", () => {
    expect(blockedAddressReason("64:ff9b::a00:5")).toBe("a private address (embedded IPv4 10.0.0.5)");
  });
});

describe("validateEndpointUrl", () => {
  const secure = { allowInsecure: false };
  const insecure = { allowInsecure: true };

  const accepted: Array<[string, { allowInsecure: boolean }]> = [
    ["https://example.com/webhooks", secure],
    ["https://example.com:8443/a?b=c", secure],
    ["https://93.184.216.34/hook", secure],
    ["https://[2606:4700:4700::1111]/hook", secure],
    ["http://example.com/hook", insecure],
    ["http://127.0.0.1:3000/hook", insecure],
    ["http://localhost:3000/hook", insecure],
    ["https://10.0.0.1/hook", insecure],
    [`https://example.com/${"a".repeat(2048 - "https://example.com/".length)}`, secure],
  ];
  it.each(accepted)("accepts %s", (raw, opts) => {
    const result = validateEndpointUrl(raw, opts);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.url.href.length).toBeGreaterThan(0);
  });

  const rejected: Array<[string, { allowInsecure: boolean }, string]> = [
    ["/relative/path", secure, "absolute URL"],
    ["example.com/hook", secure, "absolute URL"],
    ["https://", secure, "absolute URL"],
    ["http://example.com/hook", secure, "must use https"],
    ["ftp://example.com/hook", insecure, "must use https or http"],
    ["javascript:alert(1)", insecure, "must use https or http"],
    ["https://user:pass@example.com/hook", secure, "username or password"],
    ["https://user@example.com/hook", insecure, "username or password"],
    [`https://example.com/${"a".repeat(2049 - "https://example.com/".length)}`, secure, "at most 2048"],
    ["https://127.0.0.1/hook", secure, "127.0.0.1 is a loopback address"],
    ["https://2130706433/hook", secure, "127.0.0.1 is a loopback address"],
    ["https://0177.0.0.1/hook", secure, "127.0.0.1 is a loopback address"],
    ["https://0x7f.1/hook", secure, "127.0.0.1 is a loopback address"],
    ["https://10.1.2.3/hook", secure, "a private address"],
    ["https://169.254.169.254/latest/meta-data", secure, "metadata"],
    ["https://[::1]/hook", secure, "::1 is a loopback address"],
    ["https://[::ffff:127.0.0.1]/hook", secure, "loopback"],
    ["https://[fd00:ec2::254]/hook", secure, "metadata"],
    ["https://localhost/hook", secure, "loopback name"],
    ["https://LOCALHOST./hook", secure, "loopback name"],
    ["https://api.localhost/hook", secure, "loopback name"],
  ];
  it.each(rejected)("rejects %s", (raw, opts, message) => {
    const result = validateEndpointUrl(raw, opts);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe("resolveAndCheck", () => {
  const fakeDns: Record<string, string[]> = {
    "public.test": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    "example.internal": ["10.0.0.5"],
    "mixed.test": ["93.184.216.34", "10.0.0.1"],
    "metadata.test": ["169.254.169.254"],
    "empty.test": [],
  };
  const lookup: LookupAll = async (host) => {
    const answers = fakeDns[host];
    if (answers === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

  const refused: Array<[string, string, string]> = [
    ["example.internal", "10.0.0.5", "host example.internal resolves to 10.0.0.5, a private address"],
    ["mixed.test", "10.0.0.1", "host mixed.test resolves to 10.0.0.1, a private address"],
    ["metadata.test", "169.254.169.254", "host metadata.test resolves to 169.254.169.254, the cloud metadata address"],
    ["127.0.0.1", "127.0.0.1", "address 127.0.0.1 is a loopback address"],
    ["[::1]", "::1", "address ::1 is a loopback address"],
  ];
  it.each(refused)("refuses %s", async (hostname, address, message) => {
    const error = await resolveAndCheck(hostname, { allowInsecure: false, lookup }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error).toMatchObject({ hostname: hostname.replace(/^\[|\]$/g, ""), address, message });
  });

  it("returns every address of a public host", async () => {
    await expect(resolveAndCheck("public.test", { allowInsecure: false, lookup })).resolves.toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 },
    ]);
  });

  it("lets blocked answers through when insecure endpoints are allowed", async () => {
    await expect(resolveAndCheck("metadata.test", { allowInsecure: true, lookup })).resolves.toEqual([{ address: "169.254.169.254", family: 4 }]);
  });

  it("does not look up IP literals", async () => {
    const failingLookup: LookupAll = () => Promise.reject(new Error("lookup must not be called"));
    await expect(resolveAndCheck("93.184.216.34", { allowInsecure: false, lookup: failingLookup })).resolves.toEqual([{ address: "93.184.216.34", family: 4 }]);
  });

  const unresolvable: Array<[string, string]> = [
    ["nowhere.test", "could not resolve host nowhere.test: ENOTFOUND"],
    ["empty.test", "could not resolve host empty.test: no addresses"],
  ];
  it.each(unresolvable)("reports %s as a DNS failure", async (hostname, message) => {
    const error = await resolveAndCheck(hostname, { allowInsecure: false, lookup }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsError);
    expect(error).toMatchObject({ hostname, message });
  });
});
