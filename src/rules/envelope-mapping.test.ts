import { describe, expect, it } from "vitest";
import { compileEnvelopeMapping, type EnvelopeMapping, mapEnvelope, validateEnvelopeMapping, VENUE_ENVELOPE } from "./envelope-mapping.ts";

const envelope = {
  id: "evt_1",
  type: "order.paid",
  timestamp: "2026-12-01T10:00:00.000Z",
  organizationId: "org_1",
  data: { total: "12.50", currency: "EUR", lines: [{ sku: "A", qty: 2 }], note: 'café \u2028 "quoted"' },
};

const all: EnvelopeMapping = {
  idField: "event_id",
  typeField: "event_type",
  timestampField: "created_at",
  dataField: "data",
  organizationIdField: "account",
};

describe("mapEnvelope", () => {
  it("writes the venue platform's {id, event, payload}", () => {
    const body = mapEnvelope(VENUE_ENVELOPE, envelope).toString("utf8");
    expect(body).toBe(JSON.stringify({ id: envelope.id, event: envelope.type, payload: envelope.data }));
  });

  it("keeps the mapping's field order, whatever order the mapping object lists them in", () => {
    const shuffled = { organizationIdField: "account", dataField: "data", timestampField: "created_at", typeField: "event_type", idField: "event_id" };
    const body = mapEnvelope(shuffled, envelope).toString("utf8");
    expect(Object.keys(JSON.parse(body))).toEqual(["event_id", "event_type", "created_at", "data", "account"]);
  });

  it("leaves null fields out", () => {
    const body = JSON.parse(mapEnvelope({ ...all, timestampField: null, organizationIdField: null }, envelope).toString("utf8"));
    expect(body).toEqual({ event_id: "evt_1", event_type: "order.paid", data: envelope.data });
  });

  it.each([
    ["plain data", envelope.data],
    ["integer-like keys, which JSON.parse reorders", JSON.parse('{"b":1,"10":2,"2":3,"a":[1.0,2e3,-0]}')],
    ["escaped unicode from the producer", JSON.parse('{"name":"caf\\u00e9","emoji":"\\ud83d\\ude00"}')],
    ["deep nesting and nulls", { a: { b: { c: [null, true, { d: "" }] } } }],
  ])("is what the receiver's JSON.stringify(JSON.parse(body)) gives back: %s", (_label, data) => {
    for (const mapping of [VENUE_ENVELOPE, all]) {
      const body = mapEnvelope(mapping, { ...envelope, data }).toString("utf8");
      expect(JSON.stringify(JSON.parse(body))).toBe(body);
    }
  });

  it("compiles once and encodes many envelopes", () => {
    const encode = compileEnvelopeMapping(VENUE_ENVELOPE);
    expect(encode(envelope).toString()).toBe(mapEnvelope(VENUE_ENVELOPE, envelope).toString());
    expect(JSON.parse(encode({ ...envelope, id: "evt_2" }).toString()).id).toBe("evt_2");
  });
});

describe("validateEnvelopeMapping", () => {
  it("accepts the venue mapping and a full one", () => {
    expect(validateEnvelopeMapping(VENUE_ENVELOPE)).toEqual([]);
    expect(validateEnvelopeMapping(all)).toEqual([]);
  });

  const bad: Array<[string, Partial<EnvelopeMapping>, Array<[string, RegExp]>]> = [
    ["no id", { idField: null }, [["idField", /required/]]],
    [
      "no type or data",
      { typeField: null, dataField: null },
      [
        ["typeField", /required/],
        ["dataField", /required/],
      ],
    ],
    ["empty name", { timestampField: "" }, [["timestampField", /must start with a letter/]]],
    ["integer-like name", { typeField: "0" }, [["typeField", /must start with a letter/]]],
    ["name with a space", { typeField: "event type" }, [["typeField", /must start with a letter/]]],
    ["__proto__", { dataField: "__proto__" }, [["dataField", /__proto__/]]],
    ["too long", { idField: `a${"b".repeat(64)}` }, [["idField", /at most 64/]]],
    ["two fields, one name", { organizationIdField: "id" }, [["organizationIdField", /same name as idField/]]],
  ];
  it.each(bad)("refuses %s", (_label, change, expected) => {
    const issues = validateEnvelopeMapping({ ...VENUE_ENVELOPE, ...change });
    expect(issues.map((i) => i.path)).toEqual(expected.map(([path]) => path));
    issues.forEach((issue, i) => expect(issue.message).toMatch(expected[i]![1]));
  });
});
