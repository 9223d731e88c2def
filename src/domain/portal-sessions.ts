import type { PrismaClient } from "../db/client.ts";
import { newId } from "../rules/ids.ts";
import {
  generatePortalToken,
  isPortalTokenShaped,
  PORTAL_SESSION_SECONDS,
  portalSessionSecondsProblem,
  portalTokenHash,
  portalUrl,
} from "../rules/portal-tokens.ts";
import { findPortalSessionByHash, insertPortalSession } from "../store/portal-sessions.ts";
import type { DbDeps } from "./deps.ts";
import { InputError } from "./errors.ts";

/** What a portal session lets its holder do, as the GraphQL context carries it. */
export interface PortalGrant {
  sessionId: string;
  readOnly: boolean;
  expiresAt: Date;
}

export interface CreatePortalSessionInput {
  expiresInSeconds?: number | null;
  readOnly?: boolean | null;
}

export interface CreatedPortalSession {
  token: string;
  url: string;
  expiresAt: Date;
  readOnly: boolean;
}

function parseSeconds(input: CreatePortalSessionInput): number {
  const seconds = input.expiresInSeconds ?? PORTAL_SESSION_SECONDS.default;
  const problem = portalSessionSecondsProblem(seconds);
  if (problem) throw new InputError([{ path: ["input", "expiresInSeconds"], message: problem }]);
  return seconds;
}

/**
 * A console link for the organization: a fresh token (returned here only; the table keeps its
 * hash) and the URL that opens the console with it at `publicOrigin`.
 */
export async function createPortalSession(
  deps: DbDeps,
  organizationId: string,
  input: CreatePortalSessionInput,
  publicOrigin: string,
): Promise<CreatedPortalSession> {
  const expiresAt = new Date(Date.now() + parseSeconds(input) * 1000);
  const readOnly = input.readOnly ?? false;
  const token = generatePortalToken();
  await insertPortalSession(deps.db.prisma, { id: newId("ps"), organizationId, tokenHash: portalTokenHash(token), readOnly, expiresAt });
  return { token, url: portalUrl(publicOrigin, organizationId, token), expiresAt, readOnly };
}

/** The session `token` opens, while it has not expired; null for anything else. */
export async function authenticatePortalToken(prisma: PrismaClient, token: string): Promise<{ organizationId: string; grant: PortalGrant } | null> {
  if (!isPortalTokenShaped(token)) return null;
  const session = await findPortalSessionByHash(prisma, portalTokenHash(token));
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return { organizationId: session.organizationId, grant: { sessionId: session.id, readOnly: session.readOnly, expiresAt: session.expiresAt } };
}
