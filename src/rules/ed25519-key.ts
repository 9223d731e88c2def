import { createPrivateKey, createPublicKey, type KeyObject, randomBytes } from "node:crypto";
import { InvalidSecretError } from "./secret-key.ts";

// An endpoint's ed25519 key pair (issue #19, Standard Webhooks' asymmetric `v1a` signatures).
// Herald keeps only the 32-byte seed, encrypted like an HMAC secret; receivers get the public
// key as `whpk_<base64>`, and an existing key may be brought in as `whsk_<base64>`, the
// Standard Webhooks spellings.

const SECRET_PREFIX = "whsk_";
const PUBLIC_PREFIX = "whpk_";
export const ED25519_SEED_BYTES = 32;
const PUBLIC_BYTES = 32;

// PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410) up to the seed, which follows as an OCTET STRING of 32.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function generateEd25519Seed(): Buffer {
  return randomBytes(ED25519_SEED_BYTES);
}

/** The private key for `sign(null, data, key)`; build it once per endpoint, not per request. */
export function ed25519PrivateKey(seed: Buffer): KeyObject {
  if (seed.length !== ED25519_SEED_BYTES) throw new RangeError(`an ed25519 seed is ${ED25519_SEED_BYTES} bytes, got ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

/** The 32-byte raw public key of the pair. */
export function ed25519PublicKey(seed: Buffer): Buffer {
  const jwk = createPublicKey(ed25519PrivateKey(seed)).export({ format: "jwk" });
  return Buffer.from(jwk.x!, "base64url");
}

/** `whpk_<base64 of the raw public key>`: all a receiver needs to verify. */
export function formatPublicKey(seed: Buffer): string {
  return `${PUBLIC_PREFIX}${ed25519PublicKey(seed).toString("base64")}`;
}

export function isSigningKeyText(s: string): boolean {
  return s.startsWith(SECRET_PREFIX);
}

/**
 * The seed of a `whsk_` secret key: base64 of the 32-byte seed, or of 64 bytes, seed then
 * public key (the libsodium layout), whose public half must belong to the seed. Messages never
 * echo the key.
 */
export function parseSigningKeyText(s: string): Buffer {
  if (!isSigningKeyText(s)) throw new InvalidSecretError(`an ed25519 key must start with "${SECRET_PREFIX}"`);
  const encoded = s.slice(SECRET_PREFIX.length);
  const raw = Buffer.from(encoded, "base64");
  if (encoded === "" || raw.toString("base64") !== encoded) {
    throw new InvalidSecretError(`an ed25519 key must be "${SECRET_PREFIX}" followed by standard padded base64`);
  }
  if (raw.length !== ED25519_SEED_BYTES && raw.length !== ED25519_SEED_BYTES + PUBLIC_BYTES) {
    throw new InvalidSecretError(`an ed25519 key must encode ${ED25519_SEED_BYTES} bytes (seed) or 64 (seed and public key), got ${raw.length}`);
  }
  const seed = raw.subarray(0, ED25519_SEED_BYTES);
  if (raw.length > ED25519_SEED_BYTES && !ed25519PublicKey(seed).equals(raw.subarray(ED25519_SEED_BYTES))) {
    throw new InvalidSecretError("the ed25519 key's last 32 bytes are not the public key of its first 32");
  }
  return Buffer.from(seed);
}
