import { describe, expect, it } from "vitest";
import { changedFields, createFields, EMPTY_FORM, endpointInput, formValues, parseHeaders, parseRateLimit, parseRetrySchedule } from "./endpoint-form.ts";

const endpoint = {
  url: "https://example.com/hook",
  description: "orders",
  eventTypes: ["order.*"],
  headers: { "X-Team": "billing" },
  rateLimitPerSecond: 10,
  retrySchedule: [5, 60],
  ordering: { key: "data.orderId", onFailure: "BLOCK" as const },
};

describe("parsers", () => {
  it.each([
    ["", []],
    ["5, 60 300", [5, 60, 300]],
    [" 5 ,, 60 ", [5, 60]],
  ])("retry schedule %j → %j", (text, value) => {
    expect(parseRetrySchedule(text)).toEqual({ value });
  });

  it.each(["5, 1.5", "-1", "soon"])("refuses the retry schedule %j", (text) => {
    expect(parseRetrySchedule(text).problem).toMatch(/whole number/);
  });

  it.each([
    ["", { value: null }],
    [" 20 ", { value: 20 }],
    ["2.5", { problem: expect.stringMatching(/whole number/) }],
  ])("rate limit %j", (text, parsed) => {
    expect(parseRateLimit(text)).toEqual(parsed);
  });

  it("reads header rows, skipping empty ones and refusing nameless or repeated ones", () => {
    expect(
      parseHeaders([
        { name: " X-A ", value: "1" },
        { name: "", value: "" },
      ]),
    ).toEqual({ value: { "X-A": "1" } });
    expect(parseHeaders([{ name: "", value: "1" }]).problem).toMatch(/no name/);
    expect(
      parseHeaders([
        { name: "X-A", value: "1" },
        { name: "x-a", value: "2" },
      ]).problem,
    ).toMatch(/twice/);
  });
});

describe("endpointInput", () => {
  it("reads back the endpoint it was filled from", () => {
    expect(endpointInput(formValues(endpoint))).toEqual({ input: endpoint, problems: {} });
  });

  it("gives the problems by field", () => {
    const { problems } = endpointInput({ ...EMPTY_FORM, rateLimitPerSecond: "x", retrySchedule: "y", headers: [{ name: "", value: "v" }] });
    expect(Object.keys(problems).sort()).toEqual(["headers", "rateLimitPerSecond", "retrySchedule"]);
  });
});

describe("createFields", () => {
  it("leaves out empty optional fields so the organization's defaults apply", () => {
    const { input } = endpointInput({ ...EMPTY_FORM, url: " https://a.example ", eventTypes: ["*"] });
    expect(createFields(input)).toEqual({ url: "https://a.example", eventTypes: ["*"] });
    expect(createFields(endpointInput(formValues(endpoint)).input)).toEqual(endpoint);
  });
});

describe("changedFields", () => {
  const before = endpointInput(formValues(endpoint)).input;

  it("sends nothing for an unchanged form, so an untouched retry policy is never cleared", () => {
    expect(changedFields(before, before)).toEqual({});
    const powerCurve = endpointInput(formValues({ ...endpoint, retrySchedule: [] })).input;
    expect(changedFields(powerCurve, { ...powerCurve, url: "https://b.example" })).toEqual({ url: "https://b.example" });
  });

  it("sends cleared fields as null (or an empty schedule), which the API reads as clear", () => {
    const after = endpointInput({ ...formValues(endpoint), description: " ", headers: [], rateLimitPerSecond: "", retrySchedule: "" }).input;
    expect(changedFields(before, after)).toEqual({ description: null, headers: null, rateLimitPerSecond: null, retrySchedule: [] });
  });

  it("sends ordering null when the key is emptied, and the new ordering when its failure rule changes", () => {
    expect(changedFields(before, endpointInput({ ...formValues(endpoint), orderingKey: " " }).input)).toEqual({ ordering: null });
    expect(changedFields(before, endpointInput({ ...formValues(endpoint), orderingOnFailure: "SKIP" }).input)).toEqual({
      ordering: { key: "data.orderId", onFailure: "SKIP" },
    });
  });
});
