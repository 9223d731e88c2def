-- Issue #19 part 4: asymmetric signatures (Standard Webhooks `v1a,`, ed25519) per endpoint.

-- ED25519: the ciphertext holds the 32-byte seed of the endpoint's ed25519 private key.
ALTER TYPE "SecretKind" ADD VALUE 'ED25519';

-- HMAC_SHA256: `v1,` signatures with a shared secret; ED25519: `v1a,` signatures checked with a `whpk_` public key.
CREATE TYPE "SignatureScheme" AS ENUM ('HMAC_SHA256', 'ED25519');

ALTER TABLE "endpoints" ADD COLUMN "signature_scheme" "SignatureScheme" NOT NULL DEFAULT 'HMAC_SHA256';
