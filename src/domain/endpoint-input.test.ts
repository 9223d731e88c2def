import { describe, expect, it } from "vitest";
import type { LookupAll } from "../rules/url-policy.ts";
import type { Issue } from "./errors.ts";
import { checkEndpointUrl, parseReceiverLimits, type ReceiverLimits } from "./endpoint-input.ts";

// DNS answers a test can rely on without a network: the SSRF check must judge what a
// hostname resolves to, not what it looks like.
const fakeDns: Record<string, string[]> = {
  "hooks.example.com": ["93.184.216.34"],
  "intranet.example.com": ["10.0.0.5"],
  "metadata.example.com": ["169.254.169.254"],
  "split.example.com": ["93.184.216.34", "192.168.1.10"],
  "v6-loopback.example.com": ["::1"],
};
const lookup: LookupAll = async (host) => {
  if (host === "flaky.example.com") throw Object.assign(new Error("getaddrinfo EAI_AGAIN"), { code: "EAI_AGAIN" });
  const answers = fakeDns[host];
  if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};
const secure = { allowInsecure: false, lookup };

describe("checkEndpointUrl", () => {
  it("accepts an https URL whose host resolves to public addresses only", async () => {
    await expect(checkEndpointUrl("https://hooks.example.com/herald", secure)).resolves.toBeUndefined();
  });

  it.each([
    ["https://intranet.example.com/hook", "host intranet.example.com resolves to 10.0.0.5, a private address"],
    ["https://metadata.example.com/latest", "host metadata.example.com resolves to 169.254.169.254, the cloud metadata address"],
    ["https://split.example.com/hook", "host split.example.com resolves to 192.168.1.10, a private address"],
    ["https://v6-loopback.example.com/hook", "host v6-loopback.example.com resolves to ::1, a loopback address"],
    ["https://nowhere.example.com/hook", "could not resolve host nowhere.example.com: ENOTFOUND"],
  ])("refuses %s", async (url, message) => {
    await expect(checkEndpointUrl(url, secure)).resolves.toBe(message);
  });

  it("refuses the static cases before any lookup", async () => {
    const noLookup: LookupAll = () => Promise.reject(new Error("must not be called"));
    const opts = { allowInsecure: false, lookup: noLookup };
    await expect(checkEndpointUrl("http://hooks.example.com/", opts)).resolves.toBe("URL must use https");
    await expect(checkEndpointUrl("https://127.0.0.1/", opts)).resolves.toBe("URL host 127.0.0.1 is a loopback address");
    await expect(checkEndpointUrl("https://169.254.169.254/", opts)).resolves.toMatch(/metadata/);
    await expect(checkEndpointUrl("https://u:p@hooks.example.com/", opts)).resolves.toMatch(/username or password/);
    await expect(checkEndpointUrl(`https://hooks.example.com/${"a".repeat(3000)}`, opts)).resolves.toMatch(/at most 2048/);
  });

  it("accepts a host whose resolver fails transiently: delivery checks again at connect time", async () => {
    await expect(checkEndpointUrl("https://flaky.example.com/hook", secure)).resolves.toBeUndefined();
  });

  it("skips the address rules when insecure endpoints are allowed", async () => {
    await expect(checkEndpointUrl("http://intranet.example.com/hook", { allowInsecure: true, lookup })).resolves.toBeUndefined();
    await expect(checkEndpointUrl("http://127.0.0.1:3000/hook", { allowInsecure: true, lookup })).resolves.toBeUndefined();
  });
});

describe("parseReceiverLimits", () => {
  const service = { DELIVERY_TIMEOUT_MS: 15_000, ENDPOINT_MAX_IN_FLIGHT: 32 };
  it.each<[string, ReceiverLimits, ReceiverLimits, Issue[]]>([
    ["nothing given", {}, {}, []],
    ["both within the service's", { timeoutMs: 1_000, maxInFlight: 32 }, { timeoutMs: 1_000, maxInFlight: 32 }, []],
    ["null: the service's", { timeoutMs: null, maxInFlight: null }, { timeoutMs: null, maxInFlight: null }, []],
    ["the service maximum itself", { timeoutMs: 15_000, maxInFlight: 1 }, { timeoutMs: 15_000, maxInFlight: 1 }, []],
    ["a timeout too short", { timeoutMs: 999 }, {}, [{ path: ["input", "timeoutMs"], message: "must be at least 1000" }]],
    [
      "a timeout past the service's",
      { timeoutMs: 15_001 },
      {},
      [{ path: ["input", "timeoutMs"], message: "must be at most 15000, the service's DELIVERY_TIMEOUT_MS" }],
    ],
    ["no requests in flight", { maxInFlight: 0 }, {}, [{ path: ["input", "maxInFlight"], message: "must be at least 1" }]],
    [
      "more in flight than the service allows",
      { maxInFlight: 33 },
      {},
      [{ path: ["input", "maxInFlight"], message: "must be at most 32, the service's ENDPOINT_MAX_IN_FLIGHT" }],
    ],
    ["a fraction", { timeoutMs: 1_500.5 }, {}, [{ path: ["input", "timeoutMs"], message: "must be a whole number" }]],
  ])("%s", (_case, input, limits, expected) => {
    const issues: Issue[] = [];
    expect(parseReceiverLimits(input, service, issues)).toEqual(limits);
    expect(issues).toEqual(expected);
  });
});
