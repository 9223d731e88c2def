import { describe, expect, it } from "vitest";
import { metricsAuthorized, metricsExposure } from "./metrics.ts";

const token = "metrics-token-0123456789";

describe("metricsExposure", () => {
  it.each([
    [
      { NODE_ENV: "production", METRICS_PORT: 9464, METRICS_TOKEN: undefined },
      { on: "internal", port: 9464, token: undefined },
    ],
    [
      { NODE_ENV: "production", METRICS_PORT: 9464, METRICS_TOKEN: token },
      { on: "internal", port: 9464, token },
    ],
    [
      { NODE_ENV: "production", METRICS_PORT: undefined, METRICS_TOKEN: token },
      { on: "public", token },
    ],
    [{ NODE_ENV: "production", METRICS_PORT: undefined, METRICS_TOKEN: undefined }, { on: "nowhere" }],
    [
      { NODE_ENV: "development", METRICS_PORT: undefined, METRICS_TOKEN: undefined },
      { on: "public", token: undefined },
    ],
    [
      { NODE_ENV: "test", METRICS_PORT: undefined, METRICS_TOKEN: token },
      { on: "public", token },
    ],
    [
      { NODE_ENV: "development", METRICS_PORT: 0, METRICS_TOKEN: undefined },
      { on: "internal", port: 0, token: undefined },
    ],
  ] as const)("%o -> %o", (config, exposure) => {
    expect(metricsExposure(config)).toEqual(exposure);
  });
});

describe("metricsAuthorized", () => {
  it.each([
    [undefined, undefined, true],
    ["Bearer anything", undefined, true],
    [undefined, token, false],
    ["", token, false],
    [`Bearer ${token}`, token, true],
    [`bearer ${token}`, token, true],
    [`Bearer ${token}x`, token, false],
    [`Bearer ${token.slice(0, -1)}`, token, false],
    [token, token, false],
    [`Basic ${token}`, token, false],
  ])("header %s, token %s -> %s", (header, configured, allowed) => {
    expect(metricsAuthorized(header, configured)).toBe(allowed);
  });
});
