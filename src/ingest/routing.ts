import type pg from "pg";
import type { Envelope } from "../rules/envelope.ts";
import { matchesAny } from "../rules/event-patterns.ts";
import { compileStoredOrdering, type OrderingKeyReader } from "../rules/ordering.ts";
import { compileStoredFilter, type EnvelopeMatcher } from "../rules/payload-filter.ts";
import { type EndpointRouteRow, endpointRoutes } from "../store/endpoints.ts";
import { type EventTypeSchemaRow, eventTypeSchemasOf } from "../store/event-types.ts";
import { existingOrganizationIds } from "../store/organizations.ts";

export interface OrgRouting {
  eventTypeSchemas: Map<string, unknown>;
  endpoints: RoutedEndpoint[];
  /** Its disabled endpoints: what they match is held for them (HELD deliveries) until they are enabled. */
  heldEndpoints: RoutedEndpoint[];
  /** Whether any of its endpoints orders deliveries per key: only then are keys read. */
  ordered: boolean;
}

export interface RoutedEndpoint {
  id: string;
  patterns: string[];
  /** Its payload filter, compiled once per load; null: every event of its types. */
  filter: EnvelopeMatcher | null;
  /** Reads an event's ordering key, compiled once per load; null: unordered. */
  orderingKey: OrderingKeyReader | null;
}

/** An event's place in an endpoint's ordering line (see store/deliveries.ts). */
export interface OrderedLine {
  endpointId: string;
  key: string;
}

/** Each organization's routing from the three reads: null for an id that is no organization. */
export function assembleRouting(
  organizationIds: string[],
  existing: string[],
  schemas: EventTypeSchemaRow[],
  endpoints: EndpointRouteRow[],
): Map<string, OrgRouting | null> {
  const found = new Set(existing);
  const out = new Map<string, OrgRouting | null>();
  for (const id of organizationIds) out.set(id, found.has(id) ? { eventTypeSchemas: new Map(), endpoints: [], heldEndpoints: [], ordered: false } : null);
  for (const t of schemas) out.get(t.organization_id)?.eventTypeSchemas.set(t.name, t.schema);
  for (const e of endpoints) {
    const routing = out.get(e.organization_id);
    if (!routing) continue;
    const orderingKey = compileStoredOrdering(e.ordering)?.read ?? null;
    const routed = { id: e.id, patterns: e.event_types, filter: compileStoredFilter(e.filter), orderingKey };
    if (e.status === "DISABLED") routing.heldEndpoints.push(routed);
    else routing.endpoints.push(routed);
    if (orderingKey) routing.ordered = true;
  }
  return out;
}

/**
 * What ingest needs to know about an organization: whether it exists, its event type
 * schemas and its undeleted endpoints, enabled or not. Cached briefly so a batch of events costs one read
 * per organization, and dropped whenever an endpoint changes.
 */
export class RoutingCache {
  private entries = new Map<string, { value: OrgRouting | null; expires: number }>();

  constructor(
    private pool: pg.Pool,
    private ttlMs = 1_000,
  ) {}

  clear(): void {
    this.entries.clear();
  }

  async load(organizationIds: string[]): Promise<Map<string, OrgRouting | null>> {
    const now = Date.now();
    const out = new Map<string, OrgRouting | null>();
    const missing: string[] = [];
    for (const id of new Set(organizationIds)) {
      const hit = this.entries.get(id);
      if (hit && hit.expires > now) out.set(id, hit.value);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const [orgs, types, endpoints] = await Promise.all([
      existingOrganizationIds(this.pool, missing),
      eventTypeSchemasOf(this.pool, missing),
      endpointRoutes(this.pool, missing),
    ]);
    for (const [id, value] of assembleRouting(missing, orgs, types, endpoints)) {
      out.set(id, value);
      this.entries.set(id, { value, expires: now + this.ttlMs });
    }
    return out;
  }
}

/** The endpoints subscribed to the event's type whose payload filter, if any, it meets. */
export function matchingEndpoints(routing: OrgRouting, envelope: Envelope): string[] {
  return matchIn(routing.endpoints, envelope, []);
}

const NONE: readonly string[] = Object.freeze([]);

/** The disabled endpoints the event would go to (by type and payload filter): it is held for them. No allocation when there are none. */
export function heldEndpoints(routing: OrgRouting, envelope: Envelope): readonly string[] {
  if (routing.heldEndpoints.length === 0) return NONE;
  const ids = matchIn(routing.heldEndpoints, envelope, []);
  return ids.length === 0 ? NONE : ids;
}

function matchIn(endpoints: RoutedEndpoint[], envelope: Envelope, ids: string[]): string[] {
  for (const e of endpoints) {
    if (matchesAny(e.patterns, envelope.type) && (e.filter === null || e.filter(envelope))) ids.push(e.id);
  }
  return ids;
}

const NO_LINES: readonly OrderedLine[] = Object.freeze([]);

/**
 * The ordering lines the event joins among the endpoints it was routed to (`held`: held for);
 * none, without allocating, unless one of the organization's endpoints orders.
 */
export function orderedLines(routing: OrgRouting, envelope: Envelope, endpointIds: readonly string[], held = false): readonly OrderedLine[] {
  if (!routing.ordered || endpointIds.length === 0) return NO_LINES;
  const lines: OrderedLine[] = [];
  for (const e of held ? routing.heldEndpoints : routing.endpoints) {
    if (!e.orderingKey || !endpointIds.includes(e.id)) continue;
    const key = e.orderingKey(envelope);
    if (key !== null) lines.push({ endpointId: e.id, key });
  }
  return lines.length === 0 ? NO_LINES : lines;
}
