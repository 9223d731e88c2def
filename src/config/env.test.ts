import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, requireServers } from "./env.ts";

const base = { NODE_ENV: "development" };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => i.variable);
  }
  return [];
}

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const c = loadConfig(base);
    expect(c.PORT).toBe(4000);
    expect(c.HERALD_ROLE).toBe("all");
    expect(c.DELIVERY_TIMEOUT_MS).toBe(15_000);
    expect(c.ALLOW_INSECURE_ENDPOINTS).toBe(false);
    expect(c.RETRY_SCHEDULE).toBeUndefined();
    expect(c.SUBSCRIBER_MAX_QUEUED).toBe(1_000);
    expect(c.HTTP_REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(c.HTTP_HEADERS_TIMEOUT_MS).toBe(10_000);
    expect(c.MAX_SUBSCRIPTIONS_PER_CONNECTION).toBe(100);
    expect(c.MAX_CONNECTIONS_PER_KEY).toBe(100);
    expect(c.MAX_REPLAY_ATTEMPTS).toBe(1_000);
    expect(c.SECRETS_KEY).toHaveLength(32);
  });

  it.each([
    [{ PORT: "99999" }, "PORT"],
    [{ PORT: "abc" }, "PORT"],
    [{ HERALD_ROLE: "both" }, "HERALD_ROLE"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ NATS_URL: "http://localhost:4222" }, "NATS_URL"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    [{ SECRETS_KEY: "c2hvcnQ=" }, "SECRETS_KEY"],
    [{ ALLOW_INSECURE_ENDPOINTS: "maybe" }, "ALLOW_INSECURE_ENDPOINTS"],
    [{ DELIVERY_TIMEOUT_MS: "5" }, "DELIVERY_TIMEOUT_MS"],
    [{ RETRY_SCHEDULE: "5,-1" }, "RETRY_SCHEDULE"],
    [{ RETRY_SCHEDULE: "5,abc" }, "RETRY_SCHEDULE"],
    [{ ADMIN_TOKEN: "short" }, "ADMIN_TOKEN"],
    [{ SUBSCRIBER_MAX_QUEUED: "0" }, "SUBSCRIBER_MAX_QUEUED"],
    [{ NATS_STREAM_REPLICAS: "2" }, "NATS_STREAM_REPLICAS"],
    [{ NATS_STREAM_STORAGE: "disk" }, "NATS_STREAM_STORAGE"],
    [{ MAX_SUBSCRIPTIONS_PER_CONNECTION: "0" }, "MAX_SUBSCRIPTIONS_PER_CONNECTION"],
    [{ MAX_CONNECTIONS_PER_KEY: "x" }, "MAX_CONNECTIONS_PER_KEY"],
    [{ MAX_REPLAY_ATTEMPTS: "0" }, "MAX_REPLAY_ATTEMPTS"],
    [{ METRICS_PORT: "70000" }, "METRICS_PORT"],
    [{ METRICS_TOKEN: "short" }, "METRICS_TOKEN"],
    [{ CORS_ORIGINS: "https://a.example/path" }, "CORS_ORIGINS"],
    [{ CORS_ORIGINS: "*" }, "CORS_ORIGINS"],
    [{ PUBLIC_URL: "https://herald.example.com/base" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "herald.example.com" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "ftp://herald.example.com" }, "PUBLIC_URL"],
    [{ GRAPHQL_INTROSPECTION: "sometimes" }, "GRAPHQL_INTROSPECTION"],
    [{ HTTP_REQUEST_TIMEOUT_MS: "10" }, "HTTP_REQUEST_TIMEOUT_MS"],
    [{ HTTP_HEADERS_TIMEOUT_MS: "soon" }, "HTTP_HEADERS_TIMEOUT_MS"],
    [{ ATTEMPT_RETENTION_DAYS: "0" }, "ATTEMPT_RETENTION_DAYS"],
    [{ PAYLOAD_RETENTION_DAYS: "3651" }, "PAYLOAD_RETENTION_DAYS"],
    [{ REJECTED_RETENTION_DAYS: "1.5" }, "REJECTED_RETENTION_DAYS"],
    [{ RETENTION_BATCH_SIZE: "0" }, "RETENTION_BATCH_SIZE"],
  ])("rejects %o naming %s", (env, variable) => {
    expect(problems(env)).toEqual([variable]);
  });

  it("reports every bad variable at once", () => {
    expect(problems({ PORT: "x", HERALD_ROLE: "y" }).sort()).toEqual(["HERALD_ROLE", "PORT"]);
  });

  it("parses RETRY_SCHEDULE into seconds", () => {
    expect(loadConfig({ ...base, RETRY_SCHEDULE: "5, 300,1800" }).RETRY_SCHEDULE).toEqual([5, 300, 1800]);
  });

  it("requires SECRETS_KEY outside development", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual(["SECRETS_KEY"]);
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(loadConfig({ NODE_ENV: "production", SECRETS_KEY: key }).SECRETS_KEY.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it("parses CORS_ORIGINS into origins, none by default", () => {
    expect(loadConfig(base).CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ ...base, CORS_ORIGINS: "https://a.example, http://localhost:5173/" }).CORS_ORIGINS).toEqual([
      "https://a.example",
      "http://localhost:5173",
    ]);
  });

  it("parses PUBLIC_URL into an origin, unset by default", () => {
    expect(loadConfig(base).PUBLIC_URL).toBeUndefined();
    expect(loadConfig({ ...base, PUBLIC_URL: "https://herald.example.com/" }).PUBLIC_URL).toBe("https://herald.example.com");
    expect(loadConfig({ ...base, PUBLIC_URL: "http://localhost:4000" }).PUBLIC_URL).toBe("http://localhost:4000");
  });

  it("turns introspection off in production unless GRAPHQL_INTROSPECTION says otherwise", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(loadConfig(base).GRAPHQL_INTROSPECTION).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", SECRETS_KEY: key }).GRAPHQL_INTROSPECTION).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", SECRETS_KEY: key, GRAPHQL_INTROSPECTION: "true" }).GRAPHQL_INTROSPECTION).toBe(true);
  });

  it("parses the stream placement: replicas, storage and tags", () => {
    expect(loadConfig(base)).toMatchObject({ NATS_STREAM_REPLICAS: 1, NATS_STREAM_STORAGE: "file", NATS_STREAM_TAGS: [] });
    expect(loadConfig({ ...base, NATS_STREAM_REPLICAS: "3", NATS_STREAM_TAGS: "ssd, az1" })).toMatchObject({
      NATS_STREAM_REPLICAS: 3,
      NATS_STREAM_TAGS: ["ssd", "az1"],
    });
  });

  it("treats an empty value as unset", () => {
    expect(loadConfig({ ...base, REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it("requires DATABASE_URL and NATS_URL for a server process", () => {
    expect(() => requireServers(loadConfig(base))).toThrow(/DATABASE_URL[\s\S]*NATS_URL/);
  });
});
