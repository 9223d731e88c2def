import { z } from "zod";
import type { Endpoint, Prisma } from "../db/client.ts";
import { announceEndpointChange } from "../nats/endpoint-changes.ts";
import type { RealtimeBus } from "../realtime/pubsub.ts";
import { newId } from "../rules/ids.ts";
import { replaceEndpointSecrets } from "../store/endpoint-secrets.ts";
import {
  findActiveEndpoint,
  insertEndpoint,
  type LockedEndpoint,
  lockEndpoint,
  softDeleteEndpoint,
  updateActiveEndpoint,
  updateLockedEndpoint,
} from "../store/endpoints.ts";
import type { SignatureScheme, WireFormat } from "../rules/wire-format.ts";
import type { DbDeps, EndpointChangeDeps, SecretsKeyDeps } from "./deps.ts";
import { type CreateEndpointInput, type EndpointInputDeps, type UpdateEndpointInput, type UrlLookup, validateFields } from "./endpoint-input.ts";
import { checkSchemeFitsFormat, checkSecretsFitFormat, lockedWireFormat, newSecret } from "./endpoint-secrets.ts";
import { heldPeriodUpdate, newEndpointRow, settingsUpdate, statusUpdate } from "./endpoint-settings.ts";
import { type HeldDeps, settleHeldDeliveries } from "./held-deliveries.ts";
import { parseInput } from "./parse-input.ts";
import { announceDeliveries, cancelPendingDeliveries, countByEndpointAndStatus, holdPendingDeliveries } from "../store/deliveries.ts";

/** What creating or editing an endpoint takes: validation's reads, the secrets key, and telling workers. */
export type EndpointDeps = EndpointInputDeps & SecretsKeyDeps & EndpointChangeDeps;

/** What a change that may cancel or hold the endpoint's pending deliveries takes: it announces each one. */
type ChangeDeps = DbDeps & EndpointChangeDeps & { realtime: Pick<RealtimeBus, "announce"> };

/** What enabling takes: a change, and sending the deliveries held meanwhile. */
type EnableDeps = ChangeDeps & HeldDeps;

export async function createEndpoint(deps: EndpointDeps, organizationId: string, input: CreateEndpointInput, opts: UrlLookup = {}): Promise<Endpoint> {
  const fields = await validateFields(deps, organizationId, input, opts);
  const endpoint = await deps.db.prisma.$transaction(async (tx) => {
    // The secret and scheme are checked against the format they will sign with.
    const format = await lockedWireFormat(tx, organizationId, fields.wireFormat ?? null);
    const scheme = input.signatureScheme ?? "HMAC_SHA256";
    checkSchemeFitsFormat(scheme, format, ["input", "signatureScheme"]);
    const { row: secret } = newSecret(deps.config.SECRETS_KEY, input.secret, ["input", "secret"], format, scheme);
    return insertEndpoint(tx, newEndpointRow(newId("ep"), organizationId, input, fields), secret);
  });
  // Ingest caches each organization's endpoints; this makes the new one receive events at once.
  announceEndpointChange(deps, endpoint.id);
  return endpoint;
}

/** Null when the endpoint does not exist, is deleted, or belongs to another organization. */
export async function updateEndpoint(
  deps: EndpointDeps & EnableDeps,
  organizationId: string,
  endpointId: string,
  input: UpdateEndpointInput,
  opts: UrlLookup = {},
): Promise<Endpoint | null> {
  const fields = await validateFields(deps, organizationId, input, opts);
  const data = settingsUpdate(input, fields);
  const signatureScheme = input.signatureScheme ?? undefined;
  const signing =
    input.secret != null || fields.wireFormat !== undefined || signatureScheme
      ? { secret: input.secret, wireFormat: fields.wireFormat, signatureScheme, secretsKey: deps.config.SECRETS_KEY }
      : undefined;
  if (input.enabled != null || signing) {
    const changed = await changeSettings(deps, organizationId, endpointId, input.enabled ?? null, null, { data, signing });
    return changed && input.enabled === true ? sendHeld(deps, organizationId, changed, true) : changed;
  }
  const updated = await updateActiveEndpoint(deps.db.prisma, organizationId, endpointId, data);
  if (updated) announceEndpointChange(deps, endpointId);
  return updated;
}

type Tx = Prisma.TransactionClient;

/** What becomes of the endpoint's pending deliveries with a change: cancelled (deleted), held (disabled), or left alone. */
type PendingFate = "cancel" | "hold" | null;

/**
 * Applies `change` and settles the endpoint's pending deliveries as `fate` says in the same
 * transaction (nothing would deliver them). Then workers drop their cached copy and live
 * feeds hear about every delivery whose status changed.
 */
async function changeEndpoint(deps: ChangeDeps, endpointId: string, fate: PendingFate, change: (tx: Tx) => Promise<Endpoint | null>): Promise<Endpoint | null> {
  const { endpoint, settled } = await deps.db.prisma.$transaction(async (tx) => {
    const endpoint = await change(tx);
    if (!endpoint || !fate) return { endpoint, settled: [] };
    if (fate === "cancel") return { endpoint, settled: await cancelPendingDeliveries(tx, endpointId) };
    const held = await holdPendingDeliveries(tx, endpointId);
    // They count toward the endpoint's ENDPOINT_MAX_HELD.
    if (held.length === 0) return { endpoint, settled: held };
    return { endpoint: await updateLockedEndpoint(tx, endpointId, { heldCount: { increment: held.length } }), settled: held };
  });
  if (!endpoint) return null;
  announceEndpointChange(deps, endpointId);
  announceDeliveries(deps.realtime.announce, settled);
  return endpoint;
}

/** A change to what the endpoint signs with: a new secret, wire format or signature scheme, or several. */
interface SigningChange {
  secretsKey: Buffer;
  secret?: string | null;
  /** Undefined: unchanged; null: the organization's default. */
  wireFormat?: WireFormat | null;
  /** Undefined: unchanged. */
  signatureScheme?: SignatureScheme;
}

/**
 * Enabling clears the failure record that may have disabled the endpoint; disabling records
 * why (keeping an earlier reason unless a new one is given); null leaves the status alone.
 * A `signing` change is checked and applied in the same transaction as the other changes.
 */
function changeSettings(
  deps: ChangeDeps,
  organizationId: string,
  endpointId: string,
  enabled: boolean | null,
  reason: string | null,
  extra: { data?: Prisma.EndpointUpdateInput; signing?: SigningChange } = {},
): Promise<Endpoint | null> {
  return changeEndpoint(deps, endpointId, enabled === false ? "hold" : null, async (tx) => {
    const current = await lockEndpoint(tx, organizationId, endpointId);
    if (!current) return null;
    if (extra.signing) {
      const { wireFormat } = extra.signing;
      const format = await lockedWireFormat(tx, organizationId, wireFormat === undefined ? current.wireFormat : wireFormat);
      await applySigningChange(tx, endpointId, format, current, extra.signing);
    }
    return updateLockedEndpoint(tx, endpointId, {
      ...extra.data,
      ...statusUpdate(current.status, enabled, reason),
      ...heldPeriodUpdate(current.status, enabled),
    });
  });
}

/**
 * A `secret`, or a change of signature scheme, replaces every signing secret at once (a scheme
 * change with a fresh key of the new scheme); otherwise the valid secrets must fit the format.
 */
async function applySigningChange(tx: Tx, endpointId: string, format: WireFormat, current: LockedEndpoint, change: SigningChange): Promise<void> {
  const scheme = change.signatureScheme ?? current.signatureScheme;
  checkSchemeFitsFormat(scheme, format, ["input", change.signatureScheme ? "signatureScheme" : "wireFormat"]);
  if (change.secret == null && scheme === current.signatureScheme) return checkSecretsFitFormat(tx, endpointId, format, ["input", "wireFormat"]);
  await replaceEndpointSecrets(tx, endpointId, newSecret(change.secretsKey, change.secret, ["input", "secret"], format, scheme).row);
}

/**
 * Enables the endpoint, then sends what was held for it while it was disabled (`deliverHeld`),
 * oldest first, or cancels it; the outcome is recorded on the endpoint (heldReleased…). On an
 * endpoint enabled already this sends what is still held, as after an interrupted release.
 */
export async function enableEndpoint(deps: EnableDeps, organizationId: string, endpointId: string, deliverHeld = true): Promise<Endpoint | null> {
  const endpoint = await changeSettings(deps, organizationId, endpointId, true, null);
  return endpoint && sendHeld(deps, organizationId, endpoint, deliverHeld);
}

/** Settles the enabled endpoint's held deliveries, then reads it again with the counts. */
async function sendHeld(deps: EnableDeps, organizationId: string, endpoint: Endpoint, deliver: boolean): Promise<Endpoint> {
  await settleHeldDeliveries(deps, organizationId, endpoint.id, deliver);
  return (await findActiveEndpoint(deps.db.prisma, organizationId, endpoint.id)) ?? endpoint;
}

const reasonSchema = z.string().trim().min(1, "must not be empty").max(500, "must be at most 500 characters");

export function disableEndpoint(deps: ChangeDeps, organizationId: string, endpointId: string, reason?: string | null) {
  return changeSettings(deps, organizationId, endpointId, false, parseInput(reasonSchema.nullish(), reason, ["reason"]) ?? null);
}

/** Soft delete: the delivery log stays readable, the endpoint stops receiving and its pending and held work is cancelled. */
export function deleteEndpoint(deps: ChangeDeps, organizationId: string, endpointId: string): Promise<Endpoint | null> {
  return changeEndpoint(deps, endpointId, "cancel", (tx) => softDeleteEndpoint(tx, organizationId, endpointId));
}

export interface EndpointStats {
  succeeded: number;
  failed: number;
  pending: number;
  /** HELD: kept while the endpoint is disabled. */
  held: number;
  /** Events not held since the endpoint was last disabled: ENDPOINT_MAX_HELD was reached. */
  heldOverflow: number;
  /** succeeded / (succeeded + failed); null before any delivery has finished. */
  successRate: number | null;
}

/** Folds delivery counts per endpoint and status into each endpoint's stats; endpoints without deliveries get zeros. */
export function tallyEndpointStats(
  endpointIds: readonly string[],
  groups: readonly { endpointId: string; status: string; count: number }[],
  heldOverflow: ReadonlyMap<string, number> = new Map(),
): Map<string, EndpointStats> {
  const out = new Map<string, EndpointStats>(
    endpointIds.map((id) => [id, { succeeded: 0, failed: 0, pending: 0, held: 0, heldOverflow: heldOverflow.get(id) ?? 0, successRate: null }]),
  );
  for (const g of groups) {
    const stats = out.get(g.endpointId);
    if (!stats) continue;
    if (g.status === "SUCCEEDED") stats.succeeded = g.count;
    else if (g.status === "FAILED") stats.failed = g.count;
    else if (g.status === "PENDING") stats.pending = g.count;
    else if (g.status === "HELD") stats.held = g.count;
  }
  for (const stats of out.values()) {
    const finished = stats.succeeded + stats.failed;
    stats.successRate = finished === 0 ? null : stats.succeeded / finished;
  }
  return out;
}

/** Delivery counts for many endpoints in one grouped query; `heldOverflow` is each one's counter as its row holds it. */
export async function endpointStats(
  deps: DbDeps,
  endpointIds: readonly string[],
  heldOverflow: ReadonlyMap<string, number> = new Map(),
): Promise<Map<string, EndpointStats>> {
  return tallyEndpointStats(endpointIds, await countByEndpointAndStatus(deps.db.prisma, endpointIds), heldOverflow);
}
