import { MAX_IMPORTED_SECRET_LENGTH, MIN_IMPORTED_SECRET_LENGTH, type WireFormat } from "../../rules/wire-format.ts";
import { builder } from "../builder.ts";

const WireFormatPresetEnum = builder.enumType("WireFormatPreset", {
  values: {
    STANDARD_WEBHOOKS: {
      description:
        "`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` over `id.timestamp.body`, keyed with the decoded `whsec_` secret (`v1a,<base64>` ed25519 signatures with signatureScheme ED25519).",
    },
    SVIX: { description: "Standard Webhooks' algorithm under Svix's names: `svix-id`, `svix-timestamp`, `svix-signature`." },
    HMAC_HEADERS: {
      description: `A platform's own HMAC-SHA256 headers, set by the other fields. The HMAC key is the secret string's UTF-8 bytes, and the secret may be one imported as it is (${MIN_IMPORTED_SECRET_LENGTH}–${MAX_IMPORTED_SECRET_LENGTH} printable characters).`,
    },
  },
});

const SignedContentEnum = builder.enumType("SignedContent", {
  values: {
    BODY: { description: "The body exactly as sent." },
    TIMESTAMP_DOT_BODY: { description: "`<timestamp>.<body>`, the timestamp as sent in `timestampHeader`." },
  },
});

const SignatureEncodingEnum = builder.enumType("SignatureEncoding", { values: ["HEX", "BASE64"] as const });

const HMAC_FIELDS = "Applies to HMAC_HEADERS only (null for the other presets).";

function hmac<K extends "signatureHeader" | "timestampHeader" | "idHeader" | "eventTypeHeader" | "signedContent" | "encoding" | "prefix" | "userAgent">(
  key: K,
) {
  return (f: WireFormat) => (f.preset === "HMAC_HEADERS" ? f[key] : null);
}

export const WireFormatRef = builder.objectRef<WireFormat>("WireFormat").implement({
  description:
    "How deliveries are signed and which headers carry the signature. The fields after preset apply to HMAC_HEADERS only (null for the other presets).",
  fields: (t) => ({
    preset: t.field({ type: WireFormatPresetEnum, resolve: (f) => f.preset }),
    signatureHeader: t.string({ nullable: true, description: "Lowercase header name.", resolve: hmac("signatureHeader") }),
    timestampHeader: t.string({ nullable: true, description: "Unix seconds of the attempt; null: not sent.", resolve: hmac("timestampHeader") }),
    idHeader: t.string({ nullable: true, description: "The event id, the same on every attempt; null: not sent.", resolve: hmac("idHeader") }),
    eventTypeHeader: t.string({ nullable: true, description: "The event type; null: not sent.", resolve: hmac("eventTypeHeader") }),
    signedContent: t.field({ type: SignedContentEnum, nullable: true, resolve: hmac("signedContent") }),
    encoding: t.field({ type: SignatureEncodingEnum, nullable: true, resolve: hmac("encoding") }),
    prefix: t.string({ nullable: true, description: "Put before the encoded signature, e.g. `sha256=`.", resolve: hmac("prefix") }),
    userAgent: t.string({ nullable: true, description: "Replaces `Herald/<version>`.", resolve: hmac("userAgent") }),
  }),
});

export const WireFormatInput = builder.inputType("WireFormatInput", {
  description: `STANDARD_WEBHOOKS or SVIX alone, or HMAC_HEADERS with signatureHeader, signedContent and encoding. A format with one signature header (HMAC_HEADERS) signs with the newest secret only, also during a rotation's grace period; STANDARD_WEBHOOKS and SVIX send one signature per valid secret.`,
  fields: (t) => ({
    preset: t.field({ type: WireFormatPresetEnum, required: true }),
    signatureHeader: t.string({ description: `${HMAC_FIELDS} Required there. Header names are case-insensitive and sent lowercase.` }),
    timestampHeader: t.string({ description: `${HMAC_FIELDS} Required with TIMESTAMP_DOT_BODY.` }),
    idHeader: t.string({ description: HMAC_FIELDS }),
    eventTypeHeader: t.string({ description: HMAC_FIELDS }),
    signedContent: t.field({ type: SignedContentEnum, description: `${HMAC_FIELDS} Required there.` }),
    encoding: t.field({ type: SignatureEncodingEnum, description: `${HMAC_FIELDS} Required there.` }),
    prefix: t.string({ description: `${HMAC_FIELDS} At most 32 printable characters.` }),
    userAgent: t.string({ description: `${HMAC_FIELDS} At most 256 printable characters.` }),
  }),
});
