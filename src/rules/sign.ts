import { createHmac } from "node:crypto";

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
