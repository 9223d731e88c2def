import type { Prisma } from "../db/client.ts";
import { type CutSecret, secretsToCut } from "../rules/secret-rotation.ts";

/** An endpoint_secrets row to insert: only the ciphertext of a secret is ever stored. */
export interface SecretRow {
  id: string;
  ciphertext: Uint8Array<ArrayBuffer>;
}

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
export function findCurrentSecret(db: Prisma.TransactionClient, organizationId: string, endpointId: string): Promise<SecretRow | null> {
  return db.endpointSecret.findFirst({
    where: { endpointId, endpoint: { organizationId, deletedAt: null } },
    orderBy: [{ expiresAt: { sort: "desc", nulls: "first" } }, { id: "desc" }],
    select: { id: true, ciphertext: true },
  });
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
