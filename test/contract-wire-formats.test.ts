import { describe, expect, it } from "vitest";
import { mapEnvelope, VENUE_ENVELOPE } from "../src/rules/envelope-mapping.ts";
import { formatSecret } from "../src/rules/secret-key.ts";
import { COMPS, compileWireFormat, FANFARE, rawKey, SVIX, type SigningKey, VENUE, type WireFormat, whsecKey } from "../src/rules/wire-format.ts";
import { type ContractReceiver, compsReceiver, fanfareReceiver, svixReceiver, venueReceiver } from "../src/infra/contract-receivers.ts";

// The rules' output judged by receivers written only from issue #18's table: each contract's
// headers and signature as its customers verify them, before and during a secret rotation.

const envelope = {
  id: "evt_01JXYZ",
  type: "order.paid",
  timestamp: "2026-12-01T10:00:00.000Z",
  organizationId: "org_1",
  data: { total: "12.50", currency: "EUR", buyer: { name: "Zoë", seats: [12, 13] } },
};
const heraldBody = Buffer.from(JSON.stringify(envelope));
const OLD_RAW = "imported_old_secret_0001";
const NEW_RAW = "imported_new_secret_0002";
const OLD_WHSEC = Buffer.alloc(32, 3);
const NEW_WHSEC = Buffer.alloc(32, 4);

interface Contract {
  receiver: ContractReceiver;
  format: WireFormat;
  body: Buffer;
  old: SigningKey;
  current: SigningKey;
}

const contracts: Contract[] = [
  { receiver: fanfareReceiver, format: FANFARE, body: heraldBody, old: rawKey(OLD_RAW), current: rawKey(NEW_RAW) },
  { receiver: venueReceiver, format: VENUE, body: mapEnvelope(VENUE_ENVELOPE, envelope), old: rawKey(OLD_RAW), current: rawKey(NEW_RAW) },
  { receiver: compsReceiver, format: COMPS, body: heraldBody, old: rawKey(OLD_RAW), current: rawKey(NEW_RAW) },
  { receiver: svixReceiver, format: SVIX, body: heraldBody, old: whsecKey(OLD_WHSEC), current: whsecKey(NEW_WHSEC) },
];

const secretOf = (key: SigningKey) => (key.kind === "whsec" ? formatSecret(key.bytes) : key.bytes.toString("utf8"));

describe.each(contracts)("$receiver.name contract", ({ receiver, format, body, old, current }) => {
  const sign = (keys: SigningKey[], signed = body) =>
    compileWireFormat(format, keys)({ id: envelope.id, timestamp: Math.floor(Date.now() / 1000), eventType: envelope.type, body: signed });

  it("verifies what Herald sends", () => {
    expect(receiver.verify(sign([current]), body, secretOf(current))).toEqual({ ok: true });
  });

  it("refuses a tampered body and a wrong secret", () => {
    const headers = sign([current]);
    const tampered = Buffer.from(body.toString().replace("12.50", "0.01"));
    expect(receiver.verify(headers, tampered, secretOf(current)).ok).toBe(false);
    expect(receiver.verify(headers, body, secretOf(old)).ok).toBe(false);
  });

  it("verifies with the new secret during a rotation grace period", () => {
    expect(receiver.verify(sign([old, current]), body, secretOf(current))).toEqual({ ok: true });
  });

  it(
    format.preset === "HMAC_HEADERS"
      ? "no longer verifies with the old secret once a rotation starts"
      : "still verifies with the old secret during the grace period",
    () => {
      expect(receiver.verify(sign([old, current]), body, secretOf(old)).ok).toBe(format.preset !== "HMAC_HEADERS");
    },
  );
});

describe("a generated secret under a platform's HMAC format", () => {
  it("verifies with the whsec_ string the customer was shown", () => {
    const headers = compileWireFormat(COMPS, [whsecKey(NEW_WHSEC)])({ id: envelope.id, timestamp: 1_700_000_000, eventType: envelope.type, body: heraldBody });
    expect(compsReceiver.verify(headers, heraldBody, formatSecret(NEW_WHSEC))).toEqual({ ok: true });
  });
});
