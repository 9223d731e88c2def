import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ContractReceiver, compsReceiver, fanfareReceiver, type RequestHeaders, svixReceiver, venueReceiver } from "./contract-receivers.ts";

// Requests built by hand from the issue's table, to show each receiver accepts what the
// contract says and refuses what it does not, before it judges Herald's output.

const SECRET = "platform_secret_0123456789";
const WHSEC = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
const TS = "1700000000";
const hex = (secret: string, content: string) => createHmac("sha256", Buffer.from(secret, "utf8")).update(content).digest("hex");

interface Case {
  receiver: ContractReceiver;
  secret: string;
  body: string;
  headers: RequestHeaders;
}

const fanfareBody = '{"id":"evt_1","type":"order.paid","timestamp":"2026-12-01T10:00:00Z","organizationId":"org_1","data":{"total":"12.50"}}';
const venueBody = '{"id":"evt_1","event":"order.paid","payload":{"total":"12.50"}}';
const compsBody = '{"id":"evt_1","type":"entry.created","data":{}}';
const svixV1 = (secret: string, id: string, body: string) =>
  `v1,${createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
    .update(`${id}.${TS}.${body}`)
    .digest("base64")}`;

const cases: Case[] = [
  {
    receiver: fanfareReceiver,
    secret: SECRET,
    body: fanfareBody,
    headers: {
      "X-Fanfare-Signature": `sha256=${hex(SECRET, `${TS}.${fanfareBody}`)}`,
      "X-Fanfare-Timestamp": TS,
      "X-Fanfare-Event-Type": "order.paid",
      "X-Fanfare-Delivery-Id": "evt_1",
      "User-Agent": "Fanfare-Webhooks/1.0",
    },
  },
  { receiver: venueReceiver, secret: SECRET, body: venueBody, headers: { "x-webhook-signature": hex(SECRET, venueBody) } },
  { receiver: compsReceiver, secret: SECRET, body: compsBody, headers: { "x-comps-signature": hex(SECRET, compsBody), "x-comps-timestamp": TS } },
  {
    receiver: svixReceiver,
    secret: WHSEC,
    body: compsBody,
    headers: { "svix-id": "evt_1", "svix-timestamp": TS, "svix-signature": `v1,${"A".repeat(44)} ${svixV1(WHSEC, "evt_1", compsBody)}` },
  },
];

describe.each(cases)("$receiver.name receiver", ({ receiver, secret, body, headers }) => {
  const raw = Buffer.from(body);

  it("accepts a request built from the table", () => {
    expect(receiver.verify(headers, raw, secret)).toEqual({ ok: true });
  });

  it("refuses a tampered body", () => {
    const tampered = Buffer.from(body.replace("evt_1", "evt_9"));
    expect(receiver.verify(headers, tampered, secret)).toEqual({ ok: false, reason: expect.stringMatching(/signature/) });
  });

  it("refuses a wrong secret", () => {
    const wrong = secret.startsWith("whsec_") ? `whsec_${Buffer.alloc(32, 8).toString("base64")}` : `${secret}x`;
    expect(receiver.verify(headers, raw, wrong)).toEqual({ ok: false, reason: expect.stringMatching(/signature/) });
  });

  it.each(Object.keys(headers))("refuses a request without %s", (name) => {
    const { [name]: _dropped, ...rest } = headers;
    expect(receiver.verify(rest, raw, secret)).toEqual({ ok: false, reason: expect.stringMatching(/missing header/) });
  });
});

describe("contract details", () => {
  it("fanfare refuses a signature without its sha256= prefix, and another user agent", () => {
    const [fanfare] = cases;
    const bare = { ...fanfare!.headers, "X-Fanfare-Signature": hex(SECRET, `${TS}.${fanfareBody}`) };
    expect(fanfareReceiver.verify(bare, Buffer.from(fanfareBody), SECRET).ok).toBe(false);
    const herald = { ...fanfare!.headers, "User-Agent": "Herald/0.1.0" };
    expect(fanfareReceiver.verify(herald, Buffer.from(fanfareBody), SECRET).ok).toBe(false);
  });

  it("fanfare refuses a signature over the body alone", () => {
    const headers = { ...cases[0]!.headers, "X-Fanfare-Signature": `sha256=${hex(SECRET, fanfareBody)}` };
    expect(fanfareReceiver.verify(headers, Buffer.from(fanfareBody), SECRET).ok).toBe(false);
  });

  it("venue verifies the re-serialised body, so whitespace alone does not break it, but other keys do", () => {
    const spaced = '{ "id": "evt_1", "event": "order.paid", "payload": {"total": "12.50"} }';
    expect(venueReceiver.verify({ "x-webhook-signature": hex(SECRET, venueBody) }, Buffer.from(spaced), SECRET)).toEqual({ ok: true });
    const herald = '{"id":"evt_1","type":"order.paid","data":{}}';
    expect(venueReceiver.verify({ "x-webhook-signature": hex(SECRET, herald) }, Buffer.from(herald), SECRET).ok).toBe(false);
  });

  it("svix refuses a secret that is not whsec_ and a signature of another version", () => {
    const headers = { "svix-id": "evt_1", "svix-timestamp": TS, "svix-signature": svixV1(WHSEC, "evt_1", compsBody).replace("v1,", "v2,") };
    expect(svixReceiver.verify(headers, Buffer.from(compsBody), WHSEC).ok).toBe(false);
    expect(svixReceiver.verify({ ...headers, "svix-signature": svixV1(WHSEC, "evt_1", compsBody) }, Buffer.from(compsBody), SECRET).ok).toBe(false);
  });
});
