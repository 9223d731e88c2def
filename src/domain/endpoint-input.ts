import { z } from "zod";
import type { Config } from "../config/env.ts";
import { validateCustomHeaders } from "../rules/headers.ts";
import { isPattern, validatePattern } from "../rules/event-patterns.ts";
import { type Ordering, parseOrdering } from "../rules/ordering.ts";
import { type PayloadFilter, parsePayloadFilter } from "../rules/payload-filter.ts";
import { DnsError, type LookupAll, resolveAndCheck, validateEndpointUrl } from "../rules/url-policy.ts";
import type { SignatureScheme } from "../rules/wire-format.ts";
import { systemLookup } from "../util/system-lookup.ts";
import { registeredEventTypeNames } from "../store/event-types.ts";
import type { DbDeps } from "./deps.ts";
import { InputError, type Issue } from "./errors.ts";
import { type ContractFields, type ContractInput, parseContract } from "./webhook-contract.ts";

export interface EndpointFields extends ContractInput, ReceiverLimits {
  url: string;
  description?: string | null;
  eventTypes: string[];
  enabled?: boolean | null;
  headers?: unknown;
  rateLimitPerSecond?: number | null;
  /** Absent: HMAC_SHA256 on create, unchanged on update (which replaces the secrets when it changes). */
  signatureScheme?: SignatureScheme | null;
  /** Payload filter (issue #19), as EventFilterInput gives it; checked by rules/payload-filter.ts. */
  filter?: unknown;
  /** Ordered delivery per key (issue #19), as OrderingInput gives it; checked by rules/ordering.ts. */
  ordering?: unknown;
}

export interface CreateEndpointInput extends EndpointFields {
  secret?: string | null;
}

/**
 * Every field optional; null clears the optional settings and leaves the required ones, and
 * the secret, as they are.
 */
export type UpdateEndpointInput = { [K in keyof CreateEndpointInput]?: CreateEndpointInput[K] | null };

export interface UrlLookup {
  /** DNS resolver for the SSRF check; the system resolver unless a test injects one. */
  lookup?: LookupAll;
}

/** What validating endpoint input reads: the registered event types, whether insecure URLs are allowed, the service's receiver limits. */
export type EndpointInputDeps = DbDeps & { config: Pick<Config, "ALLOW_INSECURE_ENDPOINTS"> & ReceiverLimitConfig };

const MAX_EVENT_TYPES = 100;

const plainFields = z.object({
  description: z.string().max(1000, "must be at most 1000 characters").nullish(),
  eventTypes: z
    .array(z.string())
    .min(1, "must list at least one event type or pattern (`*` for all)")
    .max(MAX_EVENT_TYPES, `must list at most ${MAX_EVENT_TYPES} event types or patterns`)
    .nullish(),
  headers: z.record(z.string(), z.string(), { message: "must be a JSON object of header names to string values" }).nullish(),
  rateLimitPerSecond: z.number().int("must be a whole number").min(1, "must be at least 1").max(10_000, "must be at most 10000").nullish(),
});

/** `filter`, `ordering`: undefined when absent (left as it is), null when cleared. */
export type ValidFields = z.output<typeof plainFields> & ContractFields & ReceiverLimits & { filter?: PayloadFilter | null; ordering?: Ordering | null };

/** An endpoint's own receiver limits (issue #19); null: the service's, which also bound them. */
export interface ReceiverLimits {
  timeoutMs?: number | null;
  maxInFlight?: number | null;
}

export type ReceiverLimitConfig = Pick<Config, "DELIVERY_TIMEOUT_MS" | "ENDPOINT_MAX_IN_FLIGHT">;

/** Below this an attempt's deadline leaves no room for a TLS handshake across an ocean. */
export const MIN_ENDPOINT_TIMEOUT_MS = 1_000;

function rangeProblem(value: number, min: number, max: number, setting: string): string | undefined {
  if (!Number.isInteger(value)) return "must be a whole number";
  if (value < min) return `must be at least ${min}`;
  if (value > max) return `must be at most ${max}, the service's ${setting}`;
  return undefined;
}

/** The limits present in `input`, each within the service's; a problem goes to `issues` under its field. */
export function parseReceiverLimits(input: ReceiverLimits, config: ReceiverLimitConfig, issues: Issue[]): ReceiverLimits {
  const ranges = {
    timeoutMs: [MIN_ENDPOINT_TIMEOUT_MS, config.DELIVERY_TIMEOUT_MS, "DELIVERY_TIMEOUT_MS"],
    maxInFlight: [1, config.ENDPOINT_MAX_IN_FLIGHT, "ENDPOINT_MAX_IN_FLIGHT"],
  } as const;
  const limits: ReceiverLimits = {};
  for (const field of ["timeoutMs", "maxInFlight"] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const [min, max, setting] = ranges[field];
    const problem = value === null ? undefined : rangeProblem(value, min, max, setting);
    if (problem) issues.push({ path: ["input", field], message: problem });
    else limits[field] = value;
  }
  return limits;
}

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
    await resolveAndCheck(check.url.hostname, { allowInsecure: false, lookup: opts.lookup ?? systemLookup });
    return undefined;
  } catch (err) {
    if (err instanceof DnsError) {
      const code = (err.cause as { code?: unknown } | undefined)?.code;
      return code === "ENOTFOUND" || code === "ENODATA" || err.cause === undefined ? err.message : undefined;
    }
    return (err as Error).message;
  }
}

/** Each entry must be a valid pattern, or the name of an event type the organization registered. */
async function checkEventTypes(deps: DbDeps, organizationId: string, eventTypes: string[], issues: Issue[]): Promise<void> {
  const names: { name: string; index: number }[] = [];
  eventTypes.forEach((entry, index) => {
    const problem = validatePattern(entry);
    if (problem) issues.push({ path: ["input", "eventTypes", String(index)], message: problem });
    else if (!isPattern(entry)) names.push({ name: entry, index });
  });
  if (names.length === 0) return;
  const registered = await registeredEventTypeNames(
    deps.db.prisma,
    organizationId,
    names.map((n) => n.name),
  );
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
export async function validateFields(deps: EndpointInputDeps, organizationId: string, input: UpdateEndpointInput, opts: UrlLookup): Promise<ValidFields> {
  const issues: Issue[] = [];
  if (input.url != null) {
    const problem = await checkEndpointUrl(input.url, { allowInsecure: deps.config.ALLOW_INSECURE_ENDPOINTS, lookup: opts.lookup });
    if (problem) issues.push({ path: ["input", "url"], message: problem });
  }
  const contract = parseContract(input, ["input"], issues);
  const limits = parseReceiverLimits(input, deps.config, issues);
  const filter = parseFilterField(input.filter, issues);
  const ordering = parseOrderingField(input.ordering, issues);
  const parsed = plainFields.safeParse(input);
  if (!parsed.success) {
    issues.push(...parsed.error.issues.map((i) => ({ path: ["input", ...i.path.map(String)], message: i.message })));
    throw new InputError(issues);
  }
  if (parsed.data.eventTypes) await checkEventTypes(deps, organizationId, parsed.data.eventTypes, issues);
  for (const message of validateCustomHeaders(parsed.data.headers ?? {})) issues.push({ path: ["input", "headers"], message });
  if (issues.length > 0) throw new InputError(issues);
  return { ...parsed.data, ...contract, ...limits, ...filter, ...ordering };
}

/** The ordering's problems name their place under `input.ordering`. */
function parseOrderingField(raw: unknown, issues: Issue[]): Pick<ValidFields, "ordering"> {
  if (raw === undefined) return {};
  if (raw === null) return { ordering: null };
  const parsed = parseOrdering(raw);
  if (parsed.ok) return { ordering: parsed.ordering };
  issues.push(...parsed.issues.map((i) => ({ path: ["input", "ordering", ...i.path], message: i.message })));
  return {};
}

/** The payload filter's problems each name their place under `input.filter`. */
function parseFilterField(raw: unknown, issues: Issue[]): Pick<ValidFields, "filter"> {
  if (raw === undefined) return {};
  if (raw === null) return { filter: null };
  const parsed = parsePayloadFilter(raw);
  if (parsed.ok) return { filter: parsed.filter };
  issues.push(...parsed.issues.map((i) => ({ path: ["input", "filter", ...i.path], message: i.message })));
  return {};
}
