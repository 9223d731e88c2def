import { z } from "zod";

/** ENDPOINT_MAX_HELD's default, also what ingest holds within when not told. */
export const DEFAULT_ENDPOINT_MAX_HELD = 100_000;

const DEV_SECRETS_KEY = Buffer.alloc(32, "herald-dev-only-secrets-key-0000").toString("base64");

const bool = z.enum(["true", "false", "1", "0", "yes", "no", ""]).transform((v) => v === "true" || v === "1" || v === "yes");

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(" or ")}`,
  );

const natsUrl = z
  .string()
  .refine(
    (v) => v.split(",").every((s) => /^(nats|tls|ws|wss):\/\/[^\s]+$/.test(s.trim()) || /^[\w.-]+:\d+$/.test(s.trim())),
    "must be nats://host:port (comma-separated for a cluster)",
  );

/** A comma-separated setting's items, blanks dropped. */
const commaList = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const secondsList = z.string().transform((v, ctx) => {
  const out: number[] = [];
  for (const p of commaList(v)) {
    const n = Number(p);
    if (!Number.isInteger(n) || n <= 0 || n > 7 * 86400) {
      ctx.addIssue({ code: "custom", message: `"${p}" is not a whole number of seconds between 1 and 604800` });
      return z.NEVER;
    }
    out.push(n);
  }
  if (out.length === 0 || out.length > 20) {
    ctx.addIssue({ code: "custom", message: "must list 1 to 20 delays" });
    return z.NEVER;
  }
  return out;
});

const base64Key = z.string().refine((v) => {
  const b = Buffer.from(v, "base64");
  return b.length === 32 && b.toString("base64").replace(/=+$/, "") === v.replace(/=+$/, "");
}, "must be 32 bytes, base64-encoded (openssl rand -base64 32)");

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const origins = z.string().transform((v, ctx) => {
  const out: string[] = [];
  for (const s of commaList(v)) {
    let origin: string | undefined;
    try {
      origin = new URL(s).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === "null" || origin !== s.replace(/\/$/, "")) {
      ctx.addIssue({ code: "custom", message: `"${s}" is not an origin (scheme://host[:port])` });
      return z.NEVER;
    }
    out.push(origin);
  }
  return out;
});

const publicOrigin = z.string().transform((v, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || url.origin !== v.replace(/\/$/, "")) {
    ctx.addIssue({ code: "custom", message: `"${v}" is not an origin (http(s)://host[:port])` });
    return z.NEVER;
  }
  return url.origin;
});

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    HERALD_ROLE: z.enum(["all", "api", "worker"]).default("all"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: int(0, 65535).default(4000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
    NATS_URL: natsUrl.optional(),
    /** Replicas of each JetStream stream: 3 (or 5) on a cluster, so losing a node loses nothing. */
    NATS_STREAM_REPLICAS: z.enum(["1", "3", "5"], "must be 1, 3 or 5").default("1").transform(Number),
    NATS_STREAM_STORAGE: z.enum(["file", "memory"]).default("file"),
    /** Placement tags (comma-separated) the streams' servers must carry. */
    NATS_STREAM_TAGS: z.string().default("").transform(commaList),
    REDIS_URL: url(["redis:", "rediss:"]).optional(),
    ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    SECRETS_KEY: base64Key.optional(),
    ALLOW_INSECURE_ENDPOINTS: bool.default(false),
    DELIVERY_TIMEOUT_MS: int(100, 300_000).default(15_000),
    RETRY_SCHEDULE: secondsList.optional(),
    /** Deliveries in flight per worker process, across all endpoints. */
    DELIVERY_CONCURRENCY: int(1, 10_000).default(512),
    /** Deliveries in flight per endpoint per worker process: a hanging endpoint can hold no more. */
    ENDPOINT_MAX_IN_FLIGHT: int(1, 1_000).default(32),
    /** An endpoint whose deliveries have all failed for this long is disabled. */
    ENDPOINT_DISABLE_AFTER_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 365)
      .default(120),
    /** Deliveries held at most per disabled endpoint; the events beyond are counted (Endpoint.stats.heldOverflow), not held. */
    ENDPOINT_MAX_HELD: int(0, 100_000_000).default(DEFAULT_ENDPOINT_MAX_HELD),
    /** GraphQL request bodies larger than this are refused. */
    MAX_REQUEST_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
    /** An HTTP request must have sent its whole body by then, or its connection is closed (408). */
    HTTP_REQUEST_TIMEOUT_MS: int(1_000, 600_000).default(30_000),
    /** An HTTP request must have sent all its headers by then (at most HTTP_REQUEST_TIMEOUT_MS), or its connection is closed (408). */
    HTTP_HEADERS_TIMEOUT_MS: int(1_000, 600_000).default(10_000),
    /** Live notices a subscriber may have waiting before it is cut off as too slow. */
    SUBSCRIBER_MAX_QUEUED: int(1, 1_000_000).default(1_000),
    /** Live subscriptions one graphql-ws connection may hold at once. */
    MAX_SUBSCRIPTIONS_PER_CONNECTION: int(1, 10_000).default(100),
    /** graphql-ws connections one API key may hold open at once, per api process. */
    MAX_CONNECTIONS_PER_KEY: int(1, 100_000).default(100),
    /** Attempts a `deliveryAttempts(after:)` may replay before it goes live; further back is refused. */
    MAX_REPLAY_ATTEMPTS: int(1, 100_000).default(1_000),
    /** Serve /metrics on this separate (internal) port instead of the public one. */
    METRICS_PORT: int(0, 65535).optional(),
    /** Bearer token /metrics requires on the public port (≥ 16 chars). */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** Where Herald is reached from outside (https://herald.example.com): the origin of portal links. Unset: the request's own. */
    PUBLIC_URL: publicOrigin.optional(),
    /** Browser origins allowed to call the API cross-origin; none by default. */
    CORS_ORIGINS: origins.default([]),
    /** The built console (`npm run build:console`); by default console/dist beside Herald's code. */
    CONSOLE_DIR: z.string().min(1).optional(),
    /** Schema introspection; off in production unless set. */
    GRAPHQL_INTROSPECTION: bool.optional(),
    /** Days delivery attempts are kept, for organizations without their own attemptRetentionDays. */
    ATTEMPT_RETENTION_DAYS: int(1, 3650).default(30),
    /** Days event payloads are kept (the event's row stays), for organizations without their own payloadRetentionDays. */
    PAYLOAD_RETENTION_DAYS: int(1, 3650).default(30),
    /** Days rejected messages are kept. */
    REJECTED_RETENTION_DAYS: int(1, 3650).default(30),
    /** How often a worker runs the retention job (one worker at a time); 0 turns it off in this process. */
    RETENTION_INTERVAL_SECONDS: int(0, 86_400).default(600),
    /** Rows the retention job deletes or expires per statement. */
    RETENTION_BATCH_SIZE: int(1, 50_000).default(5_000),
    /** The retention job's pause between two statements, so it never holds Postgres for long. */
    RETENTION_PAUSE_MS: int(0, 60_000).default(100),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SECRETS_KEY) {
      ctx.addIssue({ code: "custom", path: ["SECRETS_KEY"], message: "is required outside development" });
    }
  })
  .transform((env) => ({
    ...env,
    SECRETS_KEY: Buffer.from(env.SECRETS_KEY ?? DEV_SECRETS_KEY, "base64"),
    GRAPHQL_INTROSPECTION: env.GRAPHQL_INTROSPECTION ?? env.NODE_ENV !== "production",
  }));

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once at boot; every problem is reported with the variable it concerns. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(envSchema.def.in.shape).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? "config"), message: i.message })));
  }
  return parsed.data;
}

/** The servers a long-running process cannot do without. */
export function requireServers(config: Config): Config & { DATABASE_URL: string; NATS_URL: string } {
  const missing = (["DATABASE_URL", "NATS_URL"] as const).filter((k) => !config[k]);
  if (missing.length > 0) {
    throw new ConfigError(missing.map((variable) => ({ variable, message: "is required (or use `npm run dev`, which starts local servers)" })));
  }
  return config as Config & { DATABASE_URL: string; NATS_URL: string };
}
