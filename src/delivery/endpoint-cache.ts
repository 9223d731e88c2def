import type pg from "pg";
import { decryptSecret } from "../rules/secret-key.ts";
import { MAX_VALID_SECRETS } from "../rules/secret-rotation.ts";
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

interface Row {
  id: string;
  organization_id: string;
  url: string;
  status: string;
  deleted_at: Date | null;
  headers: Record<string, string>;
  rate_limit_per_second: number | null;
  retry_schedule: number[] | null;
  secrets: { c: string; x: string | null }[] | null;
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
    const { rows } = await this.pool.query<Row>(
      `SELECT e.id, e.organization_id, e.url, e.status, e.deleted_at, e.headers, e.rate_limit_per_second, e.retry_schedule,
              (SELECT json_agg(json_build_object('c', encode(s.ciphertext, 'base64'), 'x', s.expires_at) ORDER BY s.created_at)
                 FROM (SELECT ciphertext, expires_at, created_at FROM endpoint_secrets
                        WHERE endpoint_id = e.id AND (expires_at IS NULL OR expires_at > now())
                        -- An endpoint rotated many times before the cap still signs with MAX_VALID_SECRETS only: the latest.
                        ORDER BY expires_at DESC NULLS FIRST, id DESC LIMIT $2) s) AS secrets
         FROM endpoints e WHERE e.id = ANY($1)`,
      [unique, MAX_VALID_SECRETS],
    );
    const now = Date.now();
    const byId = new Map<string, EndpointTarget | null>();
    for (const r of rows) {
      let expires = now + this.ttlMs;
      for (const s of r.secrets ?? []) if (s.x) expires = Math.min(expires, new Date(s.x).getTime());
      const value: EndpointTarget = {
        id: r.id,
        organizationId: r.organization_id,
        url: r.url,
        active: r.status === "ENABLED" && r.deleted_at === null,
        headers: r.headers ?? {},
        rateLimitPerSecond: r.rate_limit_per_second,
        retrySchedule: r.retry_schedule ?? [],
        keys: (r.secrets ?? []).map((s) => decryptSecret(this.secretsKey, Buffer.from(s.c, "base64"))),
      };
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
