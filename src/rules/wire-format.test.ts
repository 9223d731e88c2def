import { createHmac, createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatPublicKey } from "./ed25519-key.ts";
import { formatSecret } from "./secret-key.ts";
import { signPayload } from "./sign.ts";
import {
  acceptsSecretKind,
  acceptsSignatureScheme,
  COMPS,
  compileWireFormat,
  ed25519Key,
  FANFARE,
  type HmacHeadersFormat,
  MAX_PREFIX_LENGTH,
  parseWireFormat,
  rawKey,
  SVIX,
  secretText,
  signedHeaders,
  VENUE,
  validateImportedSecret,
  validateWireFormat,
  type WireFormatInput,
  whsecKey,
} from "./wire-format.ts";

const OLD = Buffer.alloc(32, 1);
const NEW = Buffer.alloc(32, 2);
const RAW_OLD = "ffsec_old_0123456789abcdef";
const RAW = "ffsec_live_0123456789abcdef";
const body = Buffer.from('{"id":"evt_1","type":"order.paid"}');
const message = { id: "evt_1", timestamp: 1_700_000_000, eventType: "order.paid", body };

const hmac = (key: Buffer | string, ...parts: (string | Buffer)[]) => {
  const h = createHmac("sha256", typeof key === "string" ? Buffer.from(key, "utf8") : key);
  for (const p of parts) h.update(p);
  return h;
};

const hmacFormat = (over: Partial<HmacHeadersFormat>): HmacHeadersFormat => ({ ...COMPS, ...over });

describe("STANDARD_WEBHOOKS", () => {
  it.each([
    ["one key", [OLD]],
    ["two keys in a grace period", [OLD, NEW]],
  ])("gives today's delivery headers byte for byte (%s)", (_label, keys) => {
    const ours = compileWireFormat({ preset: "STANDARD_WEBHOOKS" }, keys.map(whsecKey))(message);
    expect(ours).toEqual({
      "webhook-id": message.id,
      "webhook-timestamp": String(message.timestamp),
      "webhook-signature": signPayload({ msgId: message.id, timestamp: message.timestamp, body, keys }),
    });
  });

  it("signs `id.timestamp.body` with each decoded key, as `v1,<base64>` oldest first", () => {
    const v1 = (key: Buffer) => `v1,${hmac(key, `evt_1.1700000000.`, body).digest("base64")}`;
    expect(signedHeaders({ preset: "STANDARD_WEBHOOKS" }, [whsecKey(OLD), whsecKey(NEW)], message)["webhook-signature"]).toBe(`${v1(OLD)} ${v1(NEW)}`);
  });

  it("refuses an imported secret: receivers would base64-decode it", () => {
    expect(() => compileWireFormat({ preset: "STANDARD_WEBHOOKS" }, [rawKey(RAW)])).toThrow(RangeError);
    expect(() => compileWireFormat(SVIX, [whsecKey(OLD), rawKey(RAW)])).toThrow(RangeError);
  });

  it("needs a key", () => {
    expect(() => compileWireFormat({ preset: "STANDARD_WEBHOOKS" }, [])).toThrow(RangeError);
  });
});

describe("SVIX", () => {
  it("is the Standard Webhooks signature under svix-* names, one per key", () => {
    const standard = signedHeaders({ preset: "STANDARD_WEBHOOKS" }, [whsecKey(OLD), whsecKey(NEW)], message);
    expect(signedHeaders(SVIX, [whsecKey(OLD), whsecKey(NEW)], message)).toEqual({
      "svix-id": "evt_1",
      "svix-timestamp": "1700000000",
      "svix-signature": standard["webhook-signature"],
    });
  });
});

const ED_OLD = Buffer.alloc(32, 5);
const ED_NEW = Buffer.alloc(32, 6);

/** A receiver's check: the public key from `whpk_…` alone, against each `v1a,` signature in the header. */
const verifiesV1a = (whpk: string, header: string, content: Buffer) => {
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(whpk.slice(5), "base64").toString("base64url") }, format: "jwk" });
  return header
    .split(" ")
    .filter((s) => s.startsWith("v1a,"))
    .some((s) => verify(null, content, key, Buffer.from(s.slice(4), "base64")));
};

describe("ED25519 keys (v1a)", () => {
  const content = Buffer.concat([Buffer.from("evt_1.1700000000."), body]);

  it.each([
    ["STANDARD_WEBHOOKS", { preset: "STANDARD_WEBHOOKS" } as const, "webhook"],
    ["SVIX", SVIX, "svix"],
  ])("%s: one `v1a,<base64>` signature of `id.timestamp.body` per key, oldest first", (_label, format, prefix) => {
    const headers = compileWireFormat(format, [ed25519Key(ED_OLD), ed25519Key(ED_NEW)])(message);
    expect(headers[`${prefix}-id`]).toBe("evt_1");
    expect(headers[`${prefix}-timestamp`]).toBe("1700000000");
    const [old, current, ...rest] = headers[`${prefix}-signature`]!.split(" ");
    expect(rest).toEqual([]);
    expect(old).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(verifiesV1a(formatPublicKey(ED_OLD), old!, content)).toBe(true);
    expect(verifiesV1a(formatPublicKey(ED_NEW), current!, content)).toBe(true);
    expect(verifiesV1a(formatPublicKey(ED_NEW), old!, content)).toBe(false);
  });

  it("signs each request anew: a changed body, id or timestamp does not verify", () => {
    const sign = compileWireFormat({ preset: "STANDARD_WEBHOOKS" }, [ed25519Key(ED_NEW)]);
    const header = sign(message)["webhook-signature"]!;
    expect(verifiesV1a(formatPublicKey(ED_NEW), header, content)).toBe(true);
    expect(verifiesV1a(formatPublicKey(ED_NEW), header, Buffer.concat([Buffer.from("evt_1.1700000001."), body]))).toBe(false);
    expect(sign({ ...message, id: "evt_2" })["webhook-signature"]).not.toBe(header);
  });

  it("puts `v1,` before `v1a,` should whsec and ed25519 keys ever sign together", () => {
    const header = compileWireFormat({ preset: "STANDARD_WEBHOOKS" }, [ed25519Key(ED_OLD), whsecKey(NEW)])(message)["webhook-signature"]!;
    const [v1, v1a] = header.split(" ");
    expect(v1).toBe(signPayload({ msgId: "evt_1", timestamp: message.timestamp, body, keys: [NEW] }));
    expect(verifiesV1a(formatPublicKey(ED_OLD), v1a!, content)).toBe(true);
  });

  it("refuses to sign in HMAC_HEADERS, and refuses a timestamp that is not whole seconds", () => {
    expect(() => compileWireFormat(COMPS, [ed25519Key(ED_NEW)])).toThrow(RangeError);
    expect(() => compileWireFormat({ preset: "STANDARD_WEBHOOKS" }, [ed25519Key(ED_NEW)])({ ...message, timestamp: 1.5 })).toThrow(RangeError);
  });

  it("shows the receiver the whpk_ public key, never the seed", () => {
    expect(secretText(ed25519Key(ED_NEW))).toBe(formatPublicKey(ED_NEW));
    expect(secretText(ed25519Key(ED_NEW))).not.toContain(ED_NEW.toString("base64"));
  });
});

describe("which keys and schemes a wire format takes", () => {
  it.each([
    ["whsec", "STANDARD_WEBHOOKS", true],
    ["whsec", "HMAC_HEADERS", true],
    ["raw", "STANDARD_WEBHOOKS", false],
    ["raw", "SVIX", false],
    ["raw", "HMAC_HEADERS", true],
    ["ed25519", "STANDARD_WEBHOOKS", true],
    ["ed25519", "SVIX", true],
    ["ed25519", "HMAC_HEADERS", false],
  ] as const)("a %s key with %s: %s", (kind, preset, ok) => {
    const format = preset === "HMAC_HEADERS" ? COMPS : { preset };
    expect(acceptsSecretKind(format, kind)).toBe(ok);
  });

  it.each([
    ["HMAC_SHA256", "STANDARD_WEBHOOKS", true],
    ["HMAC_SHA256", "HMAC_HEADERS", true],
    ["ED25519", "STANDARD_WEBHOOKS", true],
    ["ED25519", "SVIX", true],
    ["ED25519", "HMAC_HEADERS", false],
  ] as const)("%s with %s: %s", (scheme, preset, ok) => {
    const format = preset === "HMAC_HEADERS" ? COMPS : { preset };
    expect(acceptsSignatureScheme(format, scheme)).toBe(ok);
  });
});

describe("HMAC_HEADERS", () => {
  it("FANFARE: sha256=<hex> of `<timestamp>.<body>` keyed with the secret's UTF-8, plus its headers (known answer from openssl)", () => {
    expect(signedHeaders(FANFARE, [rawKey(RAW)], message)).toEqual({
      "x-fanfare-signature": "sha256=e7ae8ee7e755296fb6fe930acf298d61dd07eddc47e22c4b64b900941389e1b2",
      "x-fanfare-timestamp": "1700000000",
      "x-fanfare-delivery-id": "evt_1",
      "x-fanfare-event-type": "order.paid",
      "user-agent": "Fanfare-Webhooks/1.0",
    });
  });

  it("VENUE: bare hex of the body, no other header", () => {
    expect(signedHeaders(VENUE, [rawKey(RAW)], message)).toEqual({ "x-webhook-signature": hmac(RAW, body).digest("hex") });
  });

  it("COMPS: bare hex of the body and an unsigned timestamp", () => {
    expect(signedHeaders(COMPS, [rawKey(RAW)], message)).toEqual({
      "x-comps-signature": hmac(RAW, body).digest("hex"),
      "x-comps-timestamp": "1700000000",
    });
  });

  it("BASE64 encoding (known answer from openssl)", () => {
    const headers = signedHeaders(hmacFormat({ encoding: "BASE64", timestampHeader: null }), [rawKey(RAW)], message);
    expect(headers).toEqual({ "x-comps-signature": "YBmC9EUaMgDZxAjkwF37orRB8kYw6MjKCVSluW+disU=" });
  });

  it("keys a generated whsec_ secret with the whole string as the receiver holds it, not its decoded bytes", () => {
    const text = formatSecret(NEW);
    expect(secretText(whsecKey(NEW))).toBe(text);
    expect(signedHeaders(VENUE, [whsecKey(NEW)], message)["x-webhook-signature"]).toBe(hmac(text, body).digest("hex"));
  });

  it.each([
    ["two imported secrets", [rawKey(RAW_OLD), rawKey(RAW)], RAW],
    ["generated then imported", [whsecKey(OLD), rawKey(RAW)], RAW],
    ["imported then generated", [rawKey(RAW_OLD), whsecKey(NEW)], formatSecret(NEW)],
  ])("signs with the newest secret only during a grace period (%s)", (_label, keys, newest) => {
    expect(signedHeaders(COMPS, keys, message)["x-comps-signature"]).toBe(hmac(newest, body).digest("hex"));
  });

  it("signs each request anew: timestamp, id and body all count", () => {
    const sign = compileWireFormat(FANFARE, [rawKey(RAW)]);
    const first = sign(message)["x-fanfare-signature"];
    expect(sign({ ...message, timestamp: message.timestamp + 1 })["x-fanfare-signature"]).not.toBe(first);
    expect(sign({ ...message, body: Buffer.from(`${body} `) })["x-fanfare-signature"]).not.toBe(first);
    expect(sign({ ...message, id: "evt_2" })["x-fanfare-delivery-id"]).toBe("evt_2");
  });

  it("refuses a timestamp that is not whole seconds", () => {
    expect(() => signedHeaders(FANFARE, [rawKey(RAW)], { ...message, timestamp: 1.5 })).toThrow(RangeError);
  });
});

describe("parseWireFormat", () => {
  const fanfareInput: WireFormatInput = {
    preset: "HMAC_HEADERS",
    signatureHeader: "X-Fanfare-Signature",
    timestampHeader: "X-Fanfare-Timestamp",
    idHeader: "X-Fanfare-Delivery-Id",
    eventTypeHeader: "X-Fanfare-Event-Type",
    signedContent: "TIMESTAMP_DOT_BODY",
    encoding: "HEX",
    prefix: "sha256=",
    userAgent: "Fanfare-Webhooks/1.0",
  };

  it("normalises header names to lower case and absent fields to null", () => {
    expect(parseWireFormat(fanfareInput)).toEqual({ ok: true, format: FANFARE });
    expect(parseWireFormat({ preset: "HMAC_HEADERS", signatureHeader: "X-Webhook-Signature", signedContent: "BODY", encoding: "HEX" })).toEqual({
      ok: true,
      format: VENUE,
    });
    expect(parseWireFormat({ preset: "SVIX", prefix: null })).toEqual({ ok: true, format: SVIX });
  });

  const bad: Array<[string, WireFormatInput, Array<[string, RegExp]>]> = [
    ["unknown preset", { preset: "PLAIN" }, [["preset", /must be one of/]]],
    [
      "HMAC field on Standard Webhooks",
      { preset: "STANDARD_WEBHOOKS", signatureHeader: "x-sig", encoding: "HEX" },
      [
        ["signatureHeader", /only to the HMAC_HEADERS/],
        ["encoding", /only to the HMAC_HEADERS/],
      ],
    ],
    ["no signature header", { ...fanfareInput, signatureHeader: null }, [["signatureHeader", /required/]]],
    ["not a header token", { ...fanfareInput, signatureHeader: "x sig" }, [["signatureHeader", /not a valid HTTP header name/]]],
    ["header Herald sets", { ...fanfareInput, idHeader: "Content-Type" }, [["idHeader", /set by Herald/]]],
    ["Standard Webhooks header", { ...fanfareInput, signatureHeader: "webhook-signature" }, [["signatureHeader", /set by Herald/]]],
    ["user-agent as a header name", { ...fanfareInput, eventTypeHeader: "User-Agent" }, [["eventTypeHeader", /set by Herald/]]],
    ["hop-by-hop header", { ...fanfareInput, timestampHeader: "Keep-Alive" }, [["timestampHeader", /controls the connection/]]],
    ["two fields, one header", { ...fanfareInput, idHeader: "x-fanfare-SIGNATURE" }, [["idHeader", /same header as signatureHeader/]]],
    ["header name too long", { ...fanfareInput, idHeader: `x-${"a".repeat(63)}` }, [["idHeader", /at most 64/]]],
    ["no signed content", { ...fanfareInput, signedContent: null }, [["signedContent", /BODY or TIMESTAMP_DOT_BODY/]]],
    ["timestamp signed but not sent", { ...fanfareInput, timestampHeader: null }, [["timestampHeader", /required when the signed content/]]],
    ["unknown encoding", { ...fanfareInput, encoding: "BASE32" }, [["encoding", /HEX or BASE64/]]],
    ["prefix with a line break", { ...fanfareInput, prefix: "sha256=\r\nx-evil: 1" }, [["prefix", /printable ASCII/]]],
    ["prefix too long", { ...fanfareInput, prefix: "p".repeat(MAX_PREFIX_LENGTH + 1) }, [["prefix", /at most 32/]]],
    ["non-ASCII user agent", { ...fanfareInput, userAgent: "Fanfäre/1.0" }, [["userAgent", /printable ASCII/]]],
    ["blank user agent", { ...fanfareInput, userAgent: "  " }, [["userAgent", /blank/]]],
  ];
  it.each(bad)("refuses %s", (_label, input, expected) => {
    const issues = validateWireFormat(input);
    expect(issues.map((i) => i.path)).toEqual(expected.map(([path]) => path));
    issues.forEach((issue, i) => expect(issue.message).toMatch(expected[i]![1]));
    expect(parseWireFormat(input).ok).toBe(false);
  });
});

describe("validateImportedSecret", () => {
  const cases: Array<[string, string, RegExp | null]> = [
    ["16 characters", "a".repeat(16), null],
    ["256 characters", "a".repeat(256), null],
    ["punctuation and inner spaces", "sk_live_ab c!~#$%^&*()", null],
    ["a generated whsec_ secret", formatSecret(OLD), null],
    ["15 characters", "a".repeat(15), /16 to 256 characters, got 15/],
    ["257 characters", "a".repeat(257), /16 to 256 characters, got 257/],
    ["non-ASCII", `${"a".repeat(16)}é`, /printable ASCII/],
    ["a control character", `${"a".repeat(16)}\n`, /printable ASCII/],
    ["a trailing space", `${"a".repeat(16)} `, /start or end with a space/],
  ];
  it.each(cases)("%s", (_label, secret, problem) => {
    const problems = validateImportedSecret(secret);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join("; ")).toMatch(problem);
    for (const p of problems) expect(p).not.toContain(secret);
  });
});
