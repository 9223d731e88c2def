import { z } from "zod";
import { announceEndpointChange } from "../nats/endpoint-changes.ts";
import { newId } from "../rules/ids.ts";
import { decryptSecret, encryptSecret, formatSecret, generateSecret, InvalidSecretError, parseSecret } from "../rules/secret-key.ts";
import type { CutSecret } from "../rules/secret-rotation.ts";
import { findCurrentSecret, rotateSecrets, type SecretRow } from "../store/endpoint-secrets.ts";
import { lockEndpoint } from "../store/endpoints.ts";
import type { DbDeps, EndpointChangeDeps, SecretsKeyDeps } from "./deps.ts";
import { InputError } from "./errors.ts";
import { parseInput } from "./parse-input.ts";

export const DEFAULT_ROTATION_GRACE_SECONDS = 86_400;
export const MAX_ROTATION_GRACE_SECONDS = 7 * 86_400;

/**
 * A caller-supplied secret (or a fresh one) as an endpoint_secrets row to insert, plus its
 * `whsec_` text for the caller. Only the ciphertext is ever stored; `path` names the argument.
 */
export function newSecret(secretsKey: Buffer, secret: string | null | undefined, path: string[]): { row: SecretRow; key: string } {
  const key = secret ?? generateSecret();
  let raw: Buffer;
  try {
    raw = parseSecret(key);
  } catch (err) {
    if (err instanceof InvalidSecretError) throw new InputError([{ path, message: err.message }]);
    throw err;
  }
  return { row: { id: newId("sec"), ciphertext: new Uint8Array(encryptSecret(secretsKey, raw)) }, key };
}

/** The secret new signatures are made with; a rotation leaves it the only one without an expiry. */
export async function currentEndpointSecret(
  deps: DbDeps & SecretsKeyDeps,
  organizationId: string,
  endpointId: string,
): Promise<{ id: string; key: string } | null> {
  const row = await findCurrentSecret(deps.db.prisma, organizationId, endpointId);
  if (!row) return null;
  return { id: row.id, key: formatSecret(decryptSecret(deps.config.SECRETS_KEY, Buffer.from(row.ciphertext))) };
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
 */
export async function rotateEndpointSecret(
  deps: DbDeps & SecretsKeyDeps & EndpointChangeDeps,
  organizationId: string,
  endpointId: string,
  input: { graceSeconds?: number | null; secret?: string | null },
): Promise<Rotation | null> {
  const { graceSeconds } = parseInput(rotation, { graceSeconds: input.graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS });
  const { row, key } = newSecret(deps.config.SECRETS_KEY, input.secret, ["secret"]);
  const now = new Date();
  const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
  const cut = await deps.db.prisma.$transaction(async (tx) => {
    if (!(await lockEndpoint(tx, organizationId, endpointId))) return null;
    return rotateSecrets(tx, endpointId, row, now, graceEnd);
  });
  if (!cut) return null;
  announceEndpointChange(deps, endpointId);
  return { id: row.id, key, expiredEarly: cut.map((c) => ({ ...c, expiredAt: now })) };
}
