import type pg from "pg";
import { matchesAny } from "../rules/event-patterns.ts";

export interface OrgRouting {
  eventTypeSchemas: Map<string, unknown>;
  endpoints: { id: string; patterns: string[] }[];
}

/**
 * What ingest needs to know about an organization: whether it exists, its event type
 * schemas and its enabled endpoints. Cached briefly so a batch of events costs one read
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
      this.pool.query<{ id: string }>(`SELECT id FROM organizations WHERE id = ANY($1)`, [missing]),
      this.pool.query<{ organization_id: string; name: string; schema: unknown }>(
        `SELECT organization_id, name, schema FROM event_types WHERE organization_id = ANY($1) AND schema IS NOT NULL`,
        [missing],
      ),
      this.pool.query<{ organization_id: string; id: string; event_types: string[] }>(
        `SELECT organization_id, id, event_types FROM endpoints
          WHERE organization_id = ANY($1) AND status = 'ENABLED' AND deleted_at IS NULL`,
        [missing],
      ),
    ]);
    const found = new Set(orgs.rows.map((r) => r.id));
    for (const id of missing) {
      const value: OrgRouting | null = found.has(id) ? { eventTypeSchemas: new Map(), endpoints: [] } : null;
      out.set(id, value);
      this.entries.set(id, { value, expires: now + this.ttlMs });
    }
    for (const t of types.rows) out.get(t.organization_id)?.eventTypeSchemas.set(t.name, t.schema);
    for (const e of endpoints.rows) out.get(e.organization_id)?.endpoints.push({ id: e.id, patterns: e.event_types });
    return out;
  }
}

export function matchingEndpoints(routing: OrgRouting, type: string): string[] {
  return routing.endpoints.filter((e) => matchesAny(e.patterns, type)).map((e) => e.id);
}
