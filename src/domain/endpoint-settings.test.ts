import { Prisma } from "../db/client.ts";
import { describe, expect, it } from "vitest";
import type { EndpointStatus } from "../db/client.ts";
import type { UpdateEndpointInput, ValidFields } from "./endpoint-input.ts";
import { heldPeriodUpdate, newEndpointRow, settingsUpdate, statusChange, statusUpdate } from "./endpoint-settings.ts";

const now = new Date("2026-12-06T00:00:00.000Z");
const enabled = { status: "ENABLED", disabledReason: null, disabledAt: null, failingSince: null };
const disabled = (reason: string) => ({ status: "DISABLED", disabledReason: reason, disabledAt: now });

describe("statusChange", () => {
  it.each([
    [true, null, enabled],
    [true, "ignored when enabling", enabled],
    [false, null, disabled("disabled by an operator")],
    [false, "maintenance", disabled("maintenance")],
  ])("enabled=%s reason=%j", (on, reason, columns) => {
    expect(statusChange(on, reason, now)).toEqual(columns);
  });
});

describe("statusUpdate", () => {
  it.each<[string, EndpointStatus, boolean | null, string | null, object]>([
    ["leaves the status alone when not asked", "DISABLED", null, null, {}],
    ["enables a disabled endpoint, clearing its failure record", "DISABLED", true, null, enabled],
    ["writes nothing when already enabled", "ENABLED", true, null, {}],
    ["disables an enabled endpoint", "ENABLED", false, null, disabled("disabled by an operator")],
    ["keeps an earlier reason when disabling again without one", "DISABLED", false, null, {}],
    ["records a new reason when disabling again with one", "DISABLED", false, "new reason", disabled("new reason")],
  ])("%s", (_case, current, on, reason, columns) => {
    expect(statusUpdate(current, on, reason, now)).toEqual(columns);
  });
});

describe("heldPeriodUpdate", () => {
  const record = { heldReleasedAt: now, heldReleased: 0, heldCancelled: 0, heldExpired: 0 };
  it.each<[string, EndpointStatus, boolean | null, object]>([
    ["enabling a disabled endpoint ends its holding period and starts the record of its release", "DISABLED", true, { heldCount: 0, ...record }],
    ["enabling an enabled one keeps the last record", "ENABLED", true, { heldCount: 0 }],
    ["disabling an enabled one starts a holding period, overflow from zero", "ENABLED", false, { heldOverflow: 0 }],
    ["disabling a disabled one keeps counting", "DISABLED", false, {}],
    ["no status change", "DISABLED", null, {}],
  ])("%s", (_case, current, on, columns) => {
    expect(heldPeriodUpdate(current, on, now)).toEqual(columns);
  });
});

describe("newEndpointRow", () => {
  const base = { url: "https://hooks.example.com/h", eventTypes: ["a.b"] };

  it("fills the defaults and stores each event type once", () => {
    expect(newEndpointRow("ep_1", "org_1", base, { eventTypes: ["a.b", "a.*", "a.b"] }, now)).toEqual({
      id: "ep_1",
      organizationId: "org_1",
      url: base.url,
      description: null,
      eventTypes: ["a.b", "a.*"],
      headers: {},
      rateLimitPerSecond: null,
    });
  });

  it("stores the receiver limits given, and leaves those not given to the service's", () => {
    expect(newEndpointRow("ep_1", "org_1", base, { eventTypes: ["a.b"], timeoutMs: 1_500 }, now)).toMatchObject({ timeoutMs: 1_500 });
    expect(newEndpointRow("ep_1", "org_1", base, { eventTypes: ["a.b"], maxInFlight: 2 }, now)).not.toHaveProperty("timeoutMs");
  });

  it("stores a contract given, and leaves one not given to the organization's default", () => {
    const fields = { eventTypes: ["a.b"], wireFormat: { preset: "SVIX" as const }, retryPolicy: { schedule: [5] } };
    const row = newEndpointRow("ep_1", "org_1", base, fields, now);
    expect(row).toMatchObject({ wireFormat: { preset: "SVIX" }, retryPolicy: { schedule: [5] } });
    expect(row).not.toHaveProperty("envelope");
  });

  it("stores a payload filter given, and none otherwise", () => {
    const filter = { path: "data.total", gte: "100.00" };
    expect(newEndpointRow("ep_1", "org_1", base, { eventTypes: ["a.b"], filter }, now)).toMatchObject({ filter });
    expect(newEndpointRow("ep_1", "org_1", base, { eventTypes: ["a.b"], filter: null }, now)).not.toHaveProperty("filter");
  });

  it.each([
    [undefined, {}],
    [true, {}],
    [false, disabled("disabled when created")],
  ])("enabled=%s", (on, status) => {
    const row = newEndpointRow("ep_1", "org_1", { ...base, enabled: on }, { eventTypes: base.eventTypes }, now);
    expect(row).toMatchObject(status);
    if (on !== false) expect(row).not.toHaveProperty("status");
  });
});

describe("settingsUpdate", () => {
  it.each<[string, UpdateEndpointInput, ValidFields, object]>([
    ["nothing given, nothing written", {}, {}, {}],
    ["a new URL", { url: "https://x.example/" }, {}, { url: "https://x.example/" }],
    ["a null URL is left alone", { url: null }, {}, {}],
    ["a description", { description: "d" }, { description: "d" }, { description: "d" }],
    ["a null description clears it", { description: null }, { description: null }, { description: null }],
    ["event types, once each", { eventTypes: ["a", "a", "b"] }, { eventTypes: ["a", "a", "b"] }, { eventTypes: ["a", "b"] }],
    ["null event types are left alone", { eventTypes: null }, { eventTypes: null }, {}],
    ["null headers clear them", { headers: null }, { headers: null }, { headers: {} }],
    ["null rate limit clears it", { rateLimitPerSecond: null }, { rateLimitPerSecond: null }, { rateLimitPerSecond: null }],
    ["a retry schedule", { retrySchedule: [5, 60] }, { retryPolicy: { schedule: [5, 60] } }, { retryPolicy: { schedule: [5, 60] } }],
    ["a cleared retry policy is SQL NULL, the default", { retryPolicy: null }, { retryPolicy: null }, { retryPolicy: Prisma.DbNull }],
    ["a wire format", { wireFormat: { preset: "SVIX" } }, { wireFormat: { preset: "SVIX" } }, { wireFormat: { preset: "SVIX" } }],
    ["a cleared envelope is SQL NULL", { envelope: null }, { envelope: null }, { envelope: Prisma.DbNull }],
    ["a payload filter", { filter: { path: "type", eq: "a" } }, { filter: { path: "type", eq: "a" } }, { filter: { path: "type", eq: "a" } }],
    ["a cleared payload filter is SQL NULL", { filter: null }, { filter: null }, { filter: Prisma.DbNull }],
    ["a contract left out is not written", { retrySchedule: [5] }, {}, {}],
    ["enabled and secret are not settings", { enabled: false, secret: "whsec_x" }, {}, {}],
    ["receiver limits", { timeoutMs: 1_500, maxInFlight: 2 }, { timeoutMs: 1_500, maxInFlight: 2 }, { timeoutMs: 1_500, maxInFlight: 2 }],
    [
      "null receiver limits go back to the service's",
      { timeoutMs: null, maxInFlight: null },
      { timeoutMs: null, maxInFlight: null },
      { timeoutMs: null, maxInFlight: null },
    ],
  ])("%s", (_case, input, fields, data) => {
    expect(settingsUpdate(input, fields)).toEqual(data);
  });
});
