import { createHmac, type KeyObject, sign } from "node:crypto";

export interface SignInput {
  msgId: string;
  /** Unix seconds; must be an integer because receivers sign the header text they were sent. */
  timestamp: number;
  body: Uint8Array;
  /** Raw key bytes (the base64-decoded part of `whsec_…`); several during a rotation grace period. */
  keys: readonly Buffer[];
}

/**
 * The Standard Webhooks `webhook-signature` header value: one `v1,<base64>` per key,
 * space separated, over `{msgId}.{timestamp}.{body}`.
 */
export function signPayload({ msgId, timestamp, body, keys }: SignInput): string {
  if (!Number.isSafeInteger(timestamp)) throw new RangeError(`timestamp must be integer unix seconds, got ${timestamp}`);
  if (keys.length === 0) throw new RangeError("at least one signing key is required");
  // The body is hashed as the exact bytes sent; decoding it to a string and back could alter them.
  const prefix = `${msgId}.${timestamp}.`;
  return keys.map((key) => `v1,${createHmac("sha256", key).update(prefix, "utf8").update(body).digest("base64")}`).join(" ");
}

export interface AsymmetricSignInput extends Omit<SignInput, "keys"> {
  /** Ed25519 private keys (rules/ed25519-key.ts); several during a rotation grace period. */
  keys: readonly KeyObject[];
}

/**
 * Standard Webhooks' asymmetric signatures: one `v1a,<base64 ed25519 signature>` per key,
 * space separated, over the same `{msgId}.{timestamp}.{body}` as `v1`.
 */
export function signPayloadV1a({ msgId, timestamp, body, keys }: AsymmetricSignInput): string {
  if (!Number.isSafeInteger(timestamp)) throw new RangeError(`timestamp must be integer unix seconds, got ${timestamp}`);
  if (keys.length === 0) throw new RangeError("at least one signing key is required");
  // Ed25519 hashes its input twice, so it takes the content whole rather than streamed.
  const content = Buffer.concat([Buffer.from(`${msgId}.${timestamp}.`, "utf8"), body]);
  return keys.map((key) => `v1a,${sign(null, content, key).toString("base64")}`).join(" ");
}
