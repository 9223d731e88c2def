import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const PREFIX = "whsec_";
const GENERATED_BYTES = 32;
const MIN_BYTES = 24;
const MAX_BYTES = 64;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = "aes-256-gcm";

/** A user-supplied signing secret that is not `whsec_` + base64 of 24–64 bytes. */
export class InvalidSecretError extends Error {
  override readonly name = "InvalidSecretError";
}

/** An encrypted secret that does not decrypt with the configured key (wrong key or altered blob). */
export class SecretDecryptionError extends Error {
  override readonly name = "SecretDecryptionError";
}

export function formatSecret(raw: Buffer): string {
  return `${PREFIX}${raw.toString("base64")}`;
}

export function generateSecret(): string {
  return formatSecret(randomBytes(GENERATED_BYTES));
}

/** The raw key bytes of a `whsec_…` secret. Messages never echo the secret itself. */
export function parseSecret(s: string): Buffer {
  if (!s.startsWith(PREFIX)) throw new InvalidSecretError(`secret must start with "${PREFIX}"`);
  const encoded = s.slice(PREFIX.length);
  const raw = Buffer.from(encoded, "base64");
  // Node's decoder skips characters it does not understand; re-encoding exposes that, and
  // also rejects missing padding and non-zero trailing bits, so each key has one spelling.
  if (encoded === "" || raw.toString("base64") !== encoded) {
    throw new InvalidSecretError(`secret must be "${PREFIX}" followed by standard padded base64`);
  }
  if (raw.length < MIN_BYTES || raw.length > MAX_BYTES) {
    throw new InvalidSecretError(`secret must encode ${MIN_BYTES} to ${MAX_BYTES} bytes, got ${raw.length}`);
  }
  return raw;
}

function assertKey(key32: Buffer): void {
  if (key32.length !== 32) throw new RangeError(`encryption key must be 32 bytes, got ${key32.length}`);
}

/** AES-256-GCM; layout nonce(12) ‖ tag(16) ‖ ciphertext, with a fresh random nonce per call. */
export function encryptSecret(key32: Buffer, raw: Buffer): Buffer {
  assertKey(key32);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key32, nonce);
  const ciphertext = Buffer.concat([cipher.update(raw), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]);
}

export function decryptSecret(key32: Buffer, blob: Buffer): Buffer {
  assertKey(key32);
  if (blob.length < NONCE_BYTES + TAG_BYTES) throw new SecretDecryptionError("encrypted secret is truncated");
  const nonce = blob.subarray(0, NONCE_BYTES);
  const tag = blob.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key32, nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(blob.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (err) {
    throw new SecretDecryptionError("encrypted secret failed authentication (wrong SECRETS_KEY or altered data)", {
      cause: err,
    });
  }
}
