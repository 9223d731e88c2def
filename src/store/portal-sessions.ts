import type { PortalSession, Prisma } from "../db/client.ts";

// The console's server reads an organization's frame-ancestors beside the sessions it serves.
export { frameAncestorsOf } from "./organizations.ts";

/** What is stored of a session: the hash of its token, never the token. */
export interface PortalSessionRow {
  id: string;
  organizationId: string;
  tokenHash: Buffer;
  readOnly: boolean;
  expiresAt: Date;
}

/**
 * Stores a new session and deletes the organization's expired ones, so the table holds about
 * a day of each organization's sessions without a job of its own.
 */
export async function insertPortalSession(db: Pick<Prisma.TransactionClient, "portalSession">, row: PortalSessionRow): Promise<PortalSession> {
  await db.portalSession.deleteMany({ where: { organizationId: row.organizationId, expiresAt: { lt: new Date() } } });
  return db.portalSession.create({ data: { ...row, tokenHash: new Uint8Array(row.tokenHash) } });
}

export function findPortalSessionByHash(
  db: Pick<Prisma.TransactionClient, "portalSession">,
  tokenHash: Buffer,
): Promise<Pick<PortalSession, "id" | "organizationId" | "readOnly" | "expiresAt"> | null> {
  return db.portalSession.findUnique({
    where: { tokenHash: new Uint8Array(tokenHash) },
    select: { id: true, organizationId: true, readOnly: true, expiresAt: true },
  });
}
