import type pg from "pg";
import { decryptSecret } from "../rules/secret-key.ts";
import { type DeliveryTargetRow, loadDeliveryTargets } from "../store/endpoints.ts";
import { MicroBatcher } from "../util/batcher.ts";

/** What a worker needs to deliver to an endpoint, with its signing keys decrypted. */
export interface EndpointTarget {
  id: string;
  organizationId: string;
  url: string;
  active: boolean;
  headers: Record<string, string>;
  rateLimitPerSecond: number | null;
  retrySchedule: number[];
  keys: Buffer[];
}

/** The endpoint as a worker delivers to it: settings defaulted, signing keys decrypted. */
export function toTarget(r: DeliveryTargetRow, secretsKey: Buffer): EndpointTarget {
  return {
    id: r.id,
    organizationId: r.organization_id,
    url: r.url,
    active: r.status === "ENABLED" && r.deleted_at === null,
    headers: r.headers ?? {},
    rateLimitPerSecond: r.rate_limit_per_second,
    retrySchedule: r.retry_schedule ?? [],
    keys: (r.secrets ?? []).map((s) => decryptSecret(secretsKey, Buffer.from(s.c, "base64"))),
  };
}

/** When a cached target goes stale: at `ttlEnd`, or sooner when one of its secrets stops being valid (its keys would change). */
export function targetExpiry(r: Pick<DeliveryTargetRow, "secrets">, ttlEnd: number): number {
  let expires = ttlEnd;
  for (const s of r.secrets ?? []) if (s.x) expires = Math.min(expires, new Date(s.x).getTime());
  return expires;
}

/**
 * Endpoints and their decrypted keys, cached per worker by endpoint id (never by anything
 * a tenant controls). Entries die on a change announcement, after `ttlMs`, or when a
 * rotated-out secret's grace period ends; misses arriving together share one query.
 */
export class EndpointCache {
  private entries = new Map<string, { value: EndpointTarget | null; expires: number }>();
  private loader: MicroBatcher<string, EndpointTarget | null>;

  constructor(
    private pool: pg.Pool,
    private secretsKey: Buffer,
    private ttlMs = 30_000,
  ) {
    this.loader = new MicroBatcher((ids) => this.load(ids), { maxSize: 200, concurrency: 4 });
  }

  invalidate(endpointId: string): void {
    this.entries.delete(endpointId);
  }

  async get(endpointId: string): Promise<EndpointTarget | null> {
    const hit = this.entries.get(endpointId);
    if (hit && hit.expires > Date.now()) return hit.value;
    return this.loader.add(endpointId);
  }

  private async load(ids: string[]): Promise<(EndpointTarget | null)[]> {
    const unique = [...new Set(ids)];
    const rows = await loadDeliveryTargets(this.pool, unique);
    const now = Date.now();
    const byId = new Map<string, EndpointTarget | null>();
    for (const r of rows) {
      const value = toTarget(r, this.secretsKey);
      const expires = targetExpiry(r, now + this.ttlMs);
      byId.set(r.id, value);
      this.entries.set(r.id, { value, expires });
    }
    for (const id of unique) {
      if (!byId.has(id)) {
        byId.set(id, null);
        this.entries.set(id, { value: null, expires: now + this.ttlMs });
      }
    }
    return ids.map((id) => byId.get(id) ?? null);
  }
}
