import { Prisma, type SecretKind } from "../db/client.ts";
import { type CutSecret, MAX_VALID_SECRETS, secretsToCut } from "../rules/secret-rotation.ts";

/** An endpoint_secrets row to insert: only the ciphertext of a secret is ever stored. */
export interface SecretRow {
  id: string;
  ciphertext: Uint8Array<ArrayBuffer>;
  kind: SecretKind;
}

/** A valid secret as the control plane shows it. */
export interface StoredSecret extends SecretRow {
  /** Null for the current secret; else the end of its rotation grace period. */
  expiresAt: Date | null;
}

const VALID = (now: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

/**
 * Makes `row` the endpoint's only secret, inside the caller's transaction, which holds the
 * endpoint's lock (`lockEndpoint`): every other one stops signing at once, even one still in
 * a rotation's grace period.
 */
export async function replaceEndpointSecrets(tx: Prisma.TransactionClient, endpointId: string, row: SecretRow): Promise<void> {
  await tx.endpointSecret.deleteMany({ where: { endpointId } });
  await tx.endpointSecret.create({ data: { ...row, endpointId } });
}

/**
 * The secrets that sign now, newest first, as the endpoint cache picks them (at most
 * MAX_VALID_SECRETS): the first is the current one, which a rotation leaves without an expiry.
 */
export function findValidSecrets(db: Prisma.TransactionClient, organizationId: string, endpointId: string, now = new Date()): Promise<StoredSecret[]> {
  return db.endpointSecret.findMany({
    where: { endpointId, endpoint: { organizationId, deletedAt: null }, ...VALID(now) },
    orderBy: [{ expiresAt: { sort: "desc", nulls: "first" } }, { id: "desc" }],
    take: MAX_VALID_SECRETS,
    select: { id: true, ciphertext: true, kind: true, expiresAt: true },
  });
}

/** The kinds of the endpoint's valid secrets, under the caller's lock on it. */
export async function validSecretKinds(tx: Prisma.TransactionClient, endpointId: string, now = new Date()): Promise<SecretKind[]> {
  const rows = await tx.endpointSecret.findMany({ where: { endpointId, ...VALID(now) }, distinct: ["kind"], select: { kind: true } });
  return rows.map((r) => r.kind);
}

/**
 * Up to `limit` undeleted endpoints of the organization that take its default wire format
 * (none of their own) and still sign with an imported secret.
 */
export async function inheritingEndpointsWithImportedSecrets(
  tx: Prisma.TransactionClient,
  organizationId: string,
  limit: number,
  now = new Date(),
): Promise<string[]> {
  const rows = await tx.endpointSecret.findMany({
    where: { kind: "RAW", ...VALID(now), endpoint: { organizationId, deletedAt: null, wireFormat: { equals: Prisma.DbNull } } },
    distinct: ["endpointId"],
    take: limit,
    select: { endpointId: true },
  });
  return rows.map((r) => r.endpointId);
}

/**
 * A rotation's writes, under the endpoint's lock (`lockEndpoint`): drops the expired secrets,
 * ends the ones `secretsToCut` picks, ends every other one no later than `graceEnd`, then adds
 * `row`. Returns the secrets it ended early.
 */
export async function rotateSecrets(tx: Prisma.TransactionClient, endpointId: string, row: SecretRow, now: Date, graceEnd: Date): Promise<CutSecret[]> {
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
