import type pg from "pg";
import type { SecretKind } from "../db/client.ts";
import { compileEnvelopeMapping, type EnvelopeEncoder } from "../rules/envelope-mapping.ts";
import { compileStoredOrdering } from "../rules/ordering.ts";
import type { RetryPolicy } from "../rules/retry-policy.ts";
import { decryptSecret } from "../rules/secret-key.ts";
import { acceptsSecretKind, compileWireFormat, DEFAULT_WIRE_FORMAT, type Signer, type SigningKey } from "../rules/wire-format.ts";
import { type DeliveryTargetRow, loadDeliveryTargets } from "../store/endpoints.ts";
import { MicroBatcher } from "../util/batcher.ts";

/** What a worker needs to deliver to an endpoint: its contract compiled, its signing keys decrypted. */
export interface EndpointTarget {
  id: string;
  organizationId: string;
  url: string;
  active: boolean;
  /** Disabled, not deleted: a job for it holds its delivery (HELD) until it is enabled. */
  disabled: boolean;
  headers: Record<string, string>;
  rateLimitPerSecond: number | null;
  /** Null: the worker's default schedule. */
  retryPolicy: RetryPolicy | null;
  /** The endpoint's own attempt deadline and in-flight ceiling; null: the service's. */
  timeoutMs: number | null;
  maxInFlight: number | null;
  /** Signs one attempt in the endpoint's wire format; null when no valid secret can sign with it. */
  sign: Signer | null;
  /** Builds the body under the endpoint's envelope mapping; null sends the body as published. */
  encode: EnvelopeEncoder | null;
  /** It orders deliveries with onFailure BLOCK: a FAILED one holds its ordering line. */
  holdsLineOnFailure: boolean;
}

/** The endpoint as a worker delivers to it: its contract compiled once, signing keys decrypted. */
export function toTarget(r: DeliveryTargetRow, secretsKey: Buffer): EndpointTarget {
  return {
    id: r.id,
    organizationId: r.organization_id,
    url: r.url,
    active: r.status === "ENABLED" && r.deleted_at === null,
    disabled: r.status === "DISABLED" && r.deleted_at === null,
    headers: r.headers ?? {},
    rateLimitPerSecond: r.rate_limit_per_second,
    retryPolicy: r.retry_policy,
    timeoutMs: r.timeout_ms,
    maxInFlight: r.max_in_flight,
    sign: compileSigner(r, secretsKey),
    encode: r.envelope ? compileEnvelopeMapping(r.envelope) : null,
    holdsLineOnFailure: compileStoredOrdering(r.ordering)?.onFailure === "BLOCK",
  };
}

function compileSigner(r: DeliveryTargetRow, secretsKey: Buffer): Signer | null {
  const format = r.wire_format ?? DEFAULT_WIRE_FORMAT;
  // The control plane keeps imported secrets to HMAC_HEADERS and ed25519 keys out of it; should a
  // format change ever slip past it, such a key is left out rather than sent as a signature no receiver checks.
  const keys = (r.secrets ?? [])
    .map((s): SigningKey => ({ kind: KEY_KINDS[s.k], bytes: decryptSecret(secretsKey, Buffer.from(s.c, "base64")) }))
    .filter((k) => acceptsSecretKind(format, k.kind));
  return keys.length === 0 ? null : compileWireFormat(format, keys);
}

const KEY_KINDS: Record<SecretKind, SigningKey["kind"]> = { WHSEC: "whsec", RAW: "raw", ED25519: "ed25519" };

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

  /** Drops the organization's endpoints, whose contract may come from its defaults. Rare, so a scan. */
  invalidateOrganization(organizationId: string): void {
    for (const [id, entry] of this.entries) if (entry.value?.organizationId === organizationId) this.entries.delete(id);
  }

  /** `fresh`: read again from Postgres, whatever is cached. */
  async get(endpointId: string, opts: { fresh?: boolean } = {}): Promise<EndpointTarget | null> {
    const hit = this.entries.get(endpointId);
    if (hit && hit.expires > Date.now() && !opts.fresh) return hit.value;
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
