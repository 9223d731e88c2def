import { z } from "zod";
import type { Prisma } from "../db/client.ts";
import { newId } from "../rules/ids.ts";
import type { Services } from "../app/services.ts";
import { announceEndpointChange } from "../nats/endpoint-changes.ts";
import { lockEndpoint } from "../store/endpoint-lock.ts";
import { InputError } from "./errors.ts";
import { parseInput } from "./parse-input.ts";
import { decryptSecret, encryptSecret, formatSecret, generateSecret, InvalidSecretError, parseSecret } from "../rules/secret-key.ts";
import { secretsToCut, type CutSecret } from "../rules/secret-rotation.ts";

export const DEFAULT_ROTATION_GRACE_SECONDS = 86_400;
export const MAX_ROTATION_GRACE_SECONDS = 7 * 86_400;

/**
 * A caller-supplied secret (or a fresh one) as an endpoint_secrets row to insert, plus its
 * `whsec_` text for the caller. Only the ciphertext is ever stored; `path` names the argument.
 */
export function newSecret(secretsKey: Buffer, secret: string | null | undefined, path: string[]) {
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

export type SecretRow = ReturnType<typeof newSecret>["row"];

/**
 * Makes `row` the endpoint's only secret, inside the caller's transaction, which holds the
 * endpoint's lock (`lockEndpoint`): every other one stops signing at once, even one still in
 * a rotation's grace period.
 */
export async function replaceEndpointSecrets(tx: Prisma.TransactionClient, endpointId: string, row: SecretRow): Promise<void> {
  await tx.endpointSecret.deleteMany({ where: { endpointId } });
  await tx.endpointSecret.create({ data: { ...row, endpointId } });
}

/** The secret new signatures are made with; a rotation leaves it the only one without an expiry. */
export async function currentEndpointSecret(services: Services, organizationId: string, endpointId: string): Promise<{ id: string; key: string } | null> {
  const row = await services.db.prisma.endpointSecret.findFirst({
    where: { endpointId, endpoint: { organizationId, deletedAt: null } },
    orderBy: [{ expiresAt: { sort: "desc", nulls: "first" } }, { id: "desc" }],
    select: { id: true, ciphertext: true },
  });
  if (!row) return null;
  return { id: row.id, key: formatSecret(decryptSecret(services.config.SECRETS_KEY, Buffer.from(row.ciphertext))) };
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
  services: Services,
  organizationId: string,
  endpointId: string,
  input: { graceSeconds?: number | null; secret?: string | null },
): Promise<Rotation | null> {
  const { graceSeconds } = parseInput(rotation, { graceSeconds: input.graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS });
  const { row, key } = newSecret(services.config.SECRETS_KEY, input.secret, ["secret"]);
  const now = new Date();
  const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
  const cut = await services.db.prisma.$transaction(async (tx) => {
    if (!(await lockEndpoint(tx, organizationId, endpointId))) return null;
    return writeRotation(tx, endpointId, row, now, graceEnd);
  });
  if (!cut) return null;
  announceEndpointChange(services, endpointId);
  return { id: row.id, key, expiredEarly: cut.map((c) => ({ ...c, expiredAt: now })) };
}

/** The rotation's writes, under the endpoint's lock: ends, shortens or keeps each older secret, then adds `row`. */
async function writeRotation(tx: Prisma.TransactionClient, endpointId: string, row: SecretRow, now: Date, graceEnd: Date): Promise<CutSecret[]> {
  await tx.endpointSecret.deleteMany({ where: { endpointId, expiresAt: { lte: now } } });
  const live = await tx.endpointSecret.findMany({ where: { endpointId }, select: { id: true, expiresAt: true } });
  const cut = secretsToCut(live, now, graceEnd);
  if (cut.length > 0) await tx.endpointSecret.deleteMany({ where: { endpointId, id: { in: cut.map((c) => c.id) } } });
  await tx.endpointSecret.updateMany({
    where: { endpointId, OR: [{ expiresAt: null }, { expiresAt: { gt: graceEnd } }] },
    data: { expiresAt: graceEnd },
  });
  await tx.endpointSecret.create({ data: { ...row, endpointId } });
  return cut;
}
