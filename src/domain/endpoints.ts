import { z } from "zod";
import type { Endpoint, Prisma } from "../db/client.ts";
import { DnsError, resolveAndCheck, validateEndpointUrl, type LookupAll } from "../rules/url-policy.ts";
import { validateCustomHeaders } from "../rules/headers.ts";
import { newId } from "../rules/ids.ts";
import { announceEndpointChange } from "../nats/endpoint-changes.ts";
import type { Services } from "../app/services.ts";
import { announceDeliveries, cancelPendingDeliveries } from "../store/deliveries.ts";
import { lockEndpoint } from "../store/endpoint-lock.ts";
import { newSecret, replaceEndpointSecrets, type SecretRow } from "./endpoint-secrets.ts";
import { isPattern, validatePattern } from "../rules/event-patterns.ts";
import { InputError, type Issue } from "./errors.ts";

export interface EndpointFields {
  url: string;
  description?: string | null;
  eventTypes: string[];
  enabled?: boolean | null;
  headers?: unknown;
  rateLimitPerSecond?: number | null;
  retrySchedule?: number[] | null;
}

export interface CreateEndpointInput extends EndpointFields {
  secret?: string | null;
}

/**
 * Every field optional; null clears the optional settings and leaves the required ones, and
 * the secret, as they are.
 */
export type UpdateEndpointInput = { [K in keyof CreateEndpointInput]?: CreateEndpointInput[K] | null };

export interface EndpointDeps {
  /** DNS resolver for the SSRF check; the system resolver unless a test injects one. */
  lookup?: LookupAll;
}

const MAX_EVENT_TYPES = 100;
const MAX_RETRY_STEPS = 20;
const MAX_RETRY_DELAY_SECONDS = 7 * 86_400;

const plainFields = z.object({
  description: z.string().max(1000, "must be at most 1000 characters").nullish(),
  eventTypes: z
    .array(z.string())
    .min(1, "must list at least one event type or pattern (`*` for all)")
    .max(MAX_EVENT_TYPES, `must list at most ${MAX_EVENT_TYPES} event types or patterns`)
    .nullish(),
  headers: z.record(z.string(), z.string(), { message: "must be a JSON object of header names to string values" }).nullish(),
  rateLimitPerSecond: z.number().int("must be a whole number").min(1, "must be at least 1").max(10_000, "must be at most 10000").nullish(),
  retrySchedule: z
    .array(
      z
        .number()
        .int("must be a whole number of seconds")
        .min(1, "must be at least 1 second")
        .max(MAX_RETRY_DELAY_SECONDS, `must be at most ${MAX_RETRY_DELAY_SECONDS} seconds (7 days)`),
    )
    .max(MAX_RETRY_STEPS, `must list at most ${MAX_RETRY_STEPS} delays`)
    .nullish(),
});

/**
 * SPEC §4 URL rules: the static checks, then (unless insecure endpoints are allowed) a DNS
 * lookup so a hostname pointing into a private network is refused now rather than at every
 * attempt. A name that does not exist is refused; a resolver failure is not, since delivery
 * checks again at connect time.
 */
export async function checkEndpointUrl(raw: string, opts: { allowInsecure: boolean; lookup?: LookupAll }): Promise<string | undefined> {
  const check = validateEndpointUrl(raw, { allowInsecure: opts.allowInsecure });
  if (!check.ok) return check.message;
  if (opts.allowInsecure) return undefined;
  try {
    await resolveAndCheck(check.url.hostname, { allowInsecure: false, lookup: opts.lookup });
    return undefined;
  } catch (err) {
    if (err instanceof DnsError) {
      const code = (err.cause as { code?: unknown } | undefined)?.code;
      return code === "ENOTFOUND" || code === "ENODATA" || err.cause === undefined ? err.message : undefined;
    }
    return (err as Error).message;
  }
}

async function checkEventTypes(services: Services, organizationId: string, eventTypes: string[], issues: Issue[]): Promise<void> {
  const names: { name: string; index: number }[] = [];
  eventTypes.forEach((entry, index) => {
    const problem = validatePattern(entry);
    if (problem) issues.push({ path: ["input", "eventTypes", String(index)], message: problem });
    else if (!isPattern(entry)) names.push({ name: entry, index });
  });
  if (names.length === 0) return;
  const known = await services.db.prisma.eventType.findMany({
    where: { organizationId, name: { in: names.map((n) => n.name) } },
    select: { name: true },
  });
  const registered = new Set(known.map((k) => k.name));
  for (const { name, index } of names) {
    if (!registered.has(name)) {
      issues.push({
        path: ["input", "eventTypes", String(index)],
        message: `unknown event type "${name}": register it with createEventType or subscribe with a pattern such as "${name.split(".")[0]}.*"`,
      });
    }
  }
}

/** Validates whichever fields are present; every problem is reported at once, each under its field. */
async function validateFields(services: Services, organizationId: string, input: UpdateEndpointInput, deps: EndpointDeps) {
  const issues: Issue[] = [];
  if (input.url != null) {
    const problem = await checkEndpointUrl(input.url, { allowInsecure: services.config.ALLOW_INSECURE_ENDPOINTS, lookup: deps.lookup });
    if (problem) issues.push({ path: ["input", "url"], message: problem });
  }
  const parsed = plainFields.safeParse(input);
  if (!parsed.success) {
    issues.push(...parsed.error.issues.map((i) => ({ path: ["input", ...i.path.map(String)], message: i.message })));
    throw new InputError(issues);
  }
  if (parsed.data.eventTypes) await checkEventTypes(services, organizationId, parsed.data.eventTypes, issues);
  for (const message of validateCustomHeaders(parsed.data.headers ?? {})) issues.push({ path: ["input", "headers"], message });
  if (issues.length > 0) throw new InputError(issues);
  return parsed.data;
}

function statusChange(enabled: boolean, reason: string | null) {
  return enabled
    ? { status: "ENABLED" as const, disabledReason: null, disabledAt: null, failingSince: null }
    : { status: "DISABLED" as const, disabledReason: reason ?? "disabled by an operator", disabledAt: new Date() };
}

export async function createEndpoint(services: Services, organizationId: string, input: CreateEndpointInput, deps: EndpointDeps = {}): Promise<Endpoint> {
  const fields = await validateFields(services, organizationId, input, deps);
  const { row } = newSecret(services.config.SECRETS_KEY, input.secret, ["input", "secret"]);
  const endpoint = await services.db.prisma.endpoint.create({
    data: {
      id: newId("ep"),
      organizationId,
      url: input.url,
      description: fields.description ?? null,
      eventTypes: [...new Set(fields.eventTypes ?? [])],
      headers: fields.headers ?? {},
      rateLimitPerSecond: fields.rateLimitPerSecond ?? null,
      retrySchedule: fields.retrySchedule ?? [],
      ...(input.enabled === false && statusChange(false, "disabled when created")),
      secrets: { create: row },
    },
  });
  // Ingest caches each organization's endpoints; this makes the new one receive events at once.
  announceEndpointChange(services, endpoint.id);
  return endpoint;
}

/** Null when the endpoint does not exist, is deleted, or belongs to another organization. */
export async function updateEndpoint(
  services: Services,
  organizationId: string,
  endpointId: string,
  input: UpdateEndpointInput,
  deps: EndpointDeps = {},
): Promise<Endpoint | null> {
  const fields = await validateFields(services, organizationId, input, deps);
  const secret = input.secret == null ? null : newSecret(services.config.SECRETS_KEY, input.secret, ["input", "secret"]).row;
  const data: Prisma.EndpointUpdateInput = {
    ...(input.url != null && { url: input.url }),
    ...(input.description !== undefined && { description: fields.description ?? null }),
    ...(fields.eventTypes && { eventTypes: [...new Set(fields.eventTypes)] }),
    ...(input.headers !== undefined && { headers: fields.headers ?? {} }),
    ...(input.rateLimitPerSecond !== undefined && { rateLimitPerSecond: fields.rateLimitPerSecond ?? null }),
    ...(input.retrySchedule !== undefined && { retrySchedule: fields.retrySchedule ?? [] }),
  };
  if (input.enabled != null || secret) return changeSettings(services, organizationId, endpointId, input.enabled ?? null, null, { data, secret });
  const updated = await services.db.prisma.endpoint.updateManyAndReturn({
    where: { id: endpointId, organizationId, deletedAt: null },
    data,
  });
  if (updated.length === 0) return null;
  announceEndpointChange(services, endpointId);
  return updated[0]!;
}

type Tx = Parameters<Parameters<Services["db"]["prisma"]["$transaction"]>[0]>[0];

/**
 * Applies `change` and, when `cancel` is set, cancels the endpoint's pending deliveries in the
 * same transaction (nothing would deliver them). Then workers drop their cached copy and live
 * feeds hear about every cancelled delivery.
 */
async function changeEndpoint(services: Services, endpointId: string, cancel: boolean, change: (tx: Tx) => Promise<Endpoint | null>): Promise<Endpoint | null> {
  const { endpoint, cancelled } = await services.db.prisma.$transaction(async (tx) => {
    const endpoint = await change(tx);
    if (!endpoint || !cancel) return { endpoint, cancelled: [] };
    return { endpoint, cancelled: await cancelPendingDeliveries(tx, endpointId) };
  });
  if (!endpoint) return null;
  announceEndpointChange(services, endpointId);
  announceDeliveries(services.realtime.announce, cancelled);
  return endpoint;
}

/**
 * Enabling clears the failure record that may have disabled the endpoint; disabling records
 * why (keeping an earlier reason unless a new one is given); null leaves the status alone.
 * A `secret` replaces every signing secret in the same transaction as the other changes.
 */
function changeSettings(
  services: Services,
  organizationId: string,
  endpointId: string,
  enabled: boolean | null,
  reason: string | null,
  extra: { data?: Prisma.EndpointUpdateInput; secret?: SecretRow | null } = {},
): Promise<Endpoint | null> {
  return changeEndpoint(services, endpointId, enabled === false, async (tx) => {
    const current = await lockEndpoint(tx, organizationId, endpointId);
    if (!current) return null;
    if (extra.secret) await replaceEndpointSecrets(tx, endpointId, extra.secret);
    const changes = enabled === null || (current.status === (enabled ? "ENABLED" : "DISABLED") && reason === null) ? {} : statusChange(enabled, reason);
    return tx.endpoint.update({ where: { id: endpointId }, data: { ...extra.data, ...changes } });
  });
}

export function enableEndpoint(services: Services, organizationId: string, endpointId: string) {
  return changeSettings(services, organizationId, endpointId, true, null);
}

const reasonSchema = z.string().trim().min(1, "must not be empty").max(500, "must be at most 500 characters");

export function disableEndpoint(services: Services, organizationId: string, endpointId: string, reason?: string | null) {
  const parsed = reasonSchema.nullish().safeParse(reason);
  if (!parsed.success) throw new InputError(parsed.error.issues.map((i) => ({ path: ["reason"], message: i.message })));
  return changeSettings(services, organizationId, endpointId, false, parsed.data ?? null);
}

/** Soft delete: the delivery log stays readable, the endpoint stops receiving and its pending work is cancelled. */
export function deleteEndpoint(services: Services, organizationId: string, endpointId: string): Promise<Endpoint | null> {
  return changeEndpoint(services, endpointId, true, async (tx) => {
    const deleted = await tx.endpoint.updateManyAndReturn({
      where: { id: endpointId, organizationId, deletedAt: null },
      data: { deletedAt: new Date() },
    });
    return deleted[0] ?? null;
  });
}

export interface EndpointStats {
  succeeded: number;
  failed: number;
  pending: number;
  /** succeeded / (succeeded + failed); null before any delivery has finished. */
  successRate: number | null;
}

/** Delivery counts for many endpoints in one grouped query. */
export async function endpointStats(services: Services, endpointIds: readonly string[]): Promise<Map<string, EndpointStats>> {
  const groups = await services.db.prisma.delivery.groupBy({
    by: ["endpointId", "status"],
    where: { endpointId: { in: [...endpointIds] } },
    _count: { _all: true },
  });
  const out = new Map<string, EndpointStats>(endpointIds.map((id) => [id, { succeeded: 0, failed: 0, pending: 0, successRate: null }]));
  for (const g of groups) {
    const stats = out.get(g.endpointId)!;
    if (g.status === "SUCCEEDED") stats.succeeded = g._count._all;
    else if (g.status === "FAILED") stats.failed = g._count._all;
    else if (g.status === "PENDING") stats.pending = g._count._all;
  }
  for (const stats of out.values()) {
    const finished = stats.succeeded + stats.failed;
    stats.successRate = finished === 0 ? null : stats.succeeded / finished;
  }
  return out;
}
