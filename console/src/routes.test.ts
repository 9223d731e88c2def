import { describe, expect, it } from "vitest";
import { matchRoute, routeHref } from "./routes.ts";

describe("matchRoute", () => {
  it.each([
    ["", { name: "endpoints", params: {} }],
    ["#", { name: "endpoints", params: {} }],
    ["#/endpoints", { name: "endpoints", params: {} }],
    ["#/endpoints/", { name: "endpoints", params: {} }],
    ["#/endpoints/ep_01H", { name: "endpoint", params: { id: "ep_01H" } }],
    ["#/deliveries/dlv_1", { name: "delivery", params: { id: "dlv_1" } }],
    ["#/events", { name: "events", params: {} }],
    ["#/events/evt%2F1", { name: "event", params: { id: "evt/1" } }],
    ["#/event-types", { name: "eventTypes", params: {} }],
    ["#/operator", { name: "operator", params: {} }],
  ])("%s", (hash, match) => {
    expect(matchRoute(hash)).toEqual(match);
  });

  it.each(["#/nope", "#/endpoints/a/b", "#portal=hps_x", "#/events/%E0%A4%A"])("knows no page at %s", (hash) => {
    expect(matchRoute(hash)).toBeNull();
  });
});

describe("routeHref", () => {
  it("builds the address matchRoute reads back", () => {
    expect(routeHref("endpoints")).toBe("#/endpoints");
    expect(routeHref("delivery", { id: "dlv/1" })).toBe("#/deliveries/dlv%2F1");
    expect(matchRoute(routeHref("event", { id: "evt 1" }))).toEqual({ name: "event", params: { id: "evt 1" } });
  });
});
