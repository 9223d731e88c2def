import { z } from "zod";
import type { Prisma, SecretKind } from "../db/client.ts";
import { announceEndpointChange } from "../nats/endpoint-changes.ts";
import { formatPublicKey, generateEd25519Seed, isSigningKeyText, parseSigningKeyText } from "../rules/ed25519-key.ts";
import { newId } from "../rules/ids.ts";
import { decryptSecret, encryptSecret, formatSecret, generateSecret, InvalidSecretError, parseSecret } from "../rules/secret-key.ts";
import type { CutSecret } from "../rules/secret-rotation.ts";
import {
  acceptsSecretKind,
  acceptsSignatureScheme,
  DEFAULT_WIRE_FORMAT,
  ed25519Key,
  MAX_IMPORTED_SECRET_LENGTH,
  MIN_IMPORTED_SECRET_LENGTH,
  rawKey,
  type SigningKey,
  type SignatureScheme,
  secretText,
  validateImportedSecret,
  type WireFormat,
  whsecKey,
} from "../rules/wire-format.ts";
import { findValidSecrets, rotateSecrets, type SecretRow, type StoredSecret, validSecretKinds } from "../store/endpoint-secrets.ts";
import { lockEndpoint } from "../store/endpoints.ts";
import { lockOrganizationDefaults } from "../store/organizations.ts";
import type { DbDeps, EndpointChangeDeps, SecretsKeyDeps } from "./deps.ts";
import { InputError } from "./errors.ts";
import { parseInput } from "./parse-input.ts";

export const DEFAULT_ROTATION_GRACE_SECONDS = 86_400;
export const MAX_ROTATION_GRACE_SECONDS = 7 * 86_400;

const IMPORTED_RULE = `or an existing secret as it is (${MIN_IMPORTED_SECRET_LENGTH}–${MAX_IMPORTED_SECRET_LENGTH} printable characters)`;

/**
 * A caller-supplied secret (or a fresh one) as a key to sign in `format` with under `scheme`.
 * A `whsec_` secret is kept decoded, as Standard Webhooks signs with it; with HMAC_HEADERS any
 * other secret is imported as it is, its UTF-8 bytes the HMAC key (Standard Webhooks
 * receivers would base64-decode it). With ED25519 only a `whsk_` key is taken, and kept as
 * its seed. Messages never echo the secret.
 */
export function parseSecretInput(secret: string | null | undefined, path: string[], format: WireFormat, scheme: SignatureScheme = "HMAC_SHA256"): SigningKey {
  if (scheme === "ED25519") return parseEd25519Input(secret, path);
  if (secret == null) return whsecKey(parseSecret(generateSecret()));
  if (isSigningKeyText(secret)) {
    throw new InputError([{ path, message: "a `whsk_` key is an ed25519 private key: set signatureScheme ED25519 to sign with it" }]);
  }
  try {
    return whsecKey(parseSecret(secret));
  } catch (err) {
    if (!(err instanceof InvalidSecretError)) throw err;
    if (!acceptsSecretKind(format, "raw")) {
      throw new InputError([
        {
          path,
          message: `${err.message}; an existing secret can be imported as it is only with the HMAC_HEADERS wire format (this one's is ${format.preset})`,
        },
      ]);
    }
    const problems = validateImportedSecret(secret);
    if (problems.length === 0) return rawKey(secret);
    throw new InputError([{ path, message: `must be \`whsec_\` + base64 of 24–64 bytes, ${IMPORTED_RULE}: ${problems.join("; ")}` }]);
  }
}

function parseEd25519Input(secret: string | null | undefined, path: string[]): SigningKey {
  if (secret == null) return ed25519Key(generateEd25519Seed());
  try {
    return ed25519Key(parseSigningKeyText(secret));
  } catch (err) {
    if (!(err instanceof InvalidSecretError)) throw err;
    throw new InputError([
      { path, message: `with signatureScheme ED25519, ${err.message} (\`whsk_\` + base64 of the 32-byte seed, or of seed and public key)` },
    ]);
  }
}

const SECRET_KINDS: Record<SigningKey["kind"], SecretKind> = { whsec: "WHSEC", raw: "RAW", ed25519: "ED25519" };

/**
 * The secret as an endpoint_secrets row, for the wire format and scheme it will sign with, plus
 * its text as the receiver holds it (for ED25519 the `whpk_` public key). Only the ciphertext
 * is ever stored.
 */
export function newSecret(
  secretsKey: Buffer,
  secret: string | null | undefined,
  path: string[],
  format: WireFormat,
  scheme: SignatureScheme = "HMAC_SHA256",
): { row: SecretRow; key: string } {
  const key = parseSecretInput(secret, path, format, scheme);
  const row = { id: newId("sec"), ciphertext: new Uint8Array(encryptSecret(secretsKey, key.bytes)), kind: SECRET_KINDS[key.kind] };
  return { row, key: secretText(key) };
}

/** Refuses ED25519 with a wire format that cannot carry it (HMAC_HEADERS is HMAC by definition); `path` names the field at fault. */
export function checkSchemeFitsFormat(scheme: SignatureScheme, format: WireFormat, path: string[]): void {
  if (acceptsSignatureScheme(format, scheme)) return;
  throw new InputError([
    {
      path,
      message: `signatureScheme ${scheme} signs \`v1a,\` signatures, which only the STANDARD_WEBHOOKS and SVIX wire formats carry (this endpoint's is ${format.preset})`,
    },
  ]);
}

/**
 * The wire format an endpoint whose own is `own` (null: none, it inherits) signs with, read
 * under a share of its organization's row lock, which keeps the default as it is until the
 * caller's transaction ends (a change of the default takes that row exclusively).
 */
export async function lockedWireFormat(tx: Prisma.TransactionClient, organizationId: string, own: WireFormat | null): Promise<WireFormat> {
  const defaults = await lockOrganizationDefaults(tx, organizationId, "share");
  return own ?? defaults?.wireFormat ?? DEFAULT_WIRE_FORMAT;
}

/** Refuses a wire format the endpoint's valid secrets cannot sign with (an imported one outside HMAC_HEADERS). */
export async function checkSecretsFitFormat(tx: Prisma.TransactionClient, endpointId: string, format: WireFormat, path: string[]): Promise<void> {
  if (format.preset === "HMAC_HEADERS") return;
  if (!(await validSecretKinds(tx, endpointId)).includes("RAW")) return;
  throw new InputError([
    {
      path,
      message:
        "the endpoint signs with an imported secret, which only HMAC_HEADERS can sign with: give a `whsec_` secret in the same update, or keep HMAC_HEADERS",
    },
  ]);
}

/** A signing secret as `endpointSecret` shows it. */
export interface SecretView {
  id: string;
  key: string;
  kind: SecretKind;
  expiresAt: Date | null;
}

/**
 * The secret new signatures are made with, and the older ones still in a rotation's grace
 * period (newest first). Null when the endpoint is not the organization's.
 */
export async function endpointSecrets(
  deps: DbDeps & SecretsKeyDeps,
  organizationId: string,
  endpointId: string,
): Promise<(SecretView & { inGrace: SecretView[] }) | null> {
  const [current, ...older] = await findValidSecrets(deps.db.prisma, organizationId, endpointId);
  if (!current) return null;
  const view = (s: StoredSecret): SecretView => ({ id: s.id, key: storedSecretText(deps.config.SECRETS_KEY, s), kind: s.kind, expiresAt: s.expiresAt });
  return { ...view(current), inGrace: older.map(view) };
}

function storedSecretText(secretsKey: Buffer, s: Pick<StoredSecret, "ciphertext" | "kind">): string {
  const bytes = decryptSecret(secretsKey, Buffer.from(s.ciphertext));
  if (s.kind === "ED25519") return formatPublicKey(bytes);
  return s.kind === "RAW" ? bytes.toString("utf8") : formatSecret(bytes);
}

const rotation = z.object({
  graceSeconds: z
    .number()
    .int("must be a whole number of seconds")
    .min(0, "must not be negative")
    .max(MAX_ROTATION_GRACE_SECONDS, `must be at most ${MAX_ROTATION_GRACE_SECONDS} (7 days)`),
});

export interface Rotation {
  /** The new current secret. */
  id: string;
  key: string;
  /** Older secrets this rotation stopped at once to keep at most MAX_VALID_SECRETS signing. */
  expiredEarly: (CutSecret & { expiredAt: Date })[];
}

/**
 * Makes a new current secret. Every secret still valid keeps signing alongside it until
 * `graceSeconds` from now (never longer than it already had), so receivers can switch over;
 * past MAX_VALID_SECRETS the ones that would end soonest stop now, and the result says which.
 * A wire format with one signature value (HMAC_HEADERS) signs with the new secret only. The new
 * key is of the endpoint's signatureScheme (an ed25519 key pair for ED25519).
 */
export async function rotateEndpointSecret(
  deps: DbDeps & SecretsKeyDeps & EndpointChangeDeps,
  organizationId: string,
  endpointId: string,
  input: { graceSeconds?: number | null; secret?: string | null },
): Promise<Rotation | null> {
  const { graceSeconds } = parseInput(rotation, { graceSeconds: input.graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS });
  const now = new Date();
  const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
  const rotated = await deps.db.prisma.$transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, organizationId, endpointId);
    if (!endpoint) return null;
    const format = await lockedWireFormat(tx, organizationId, endpoint.wireFormat);
    const secret = newSecret(deps.config.SECRETS_KEY, input.secret, ["secret"], format, endpoint.signatureScheme);
    return { ...secret, cut: await rotateSecrets(tx, endpointId, secret.row, now, graceEnd) };
  });
  if (!rotated) return null;
  announceEndpointChange(deps, endpointId);
  return { id: rotated.row.id, key: rotated.key, expiredEarly: rotated.cut.map((c) => ({ ...c, expiredAt: now })) };
}
