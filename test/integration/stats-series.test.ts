import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketRange, type StatsBucketSize } from "../../src/rules/stats-buckets.ts";
import { attemptStatsSeriesStatement, type AttemptStatsScope } from "../../src/store/deliveries.ts";
import {
  StatsCreateEndpointDocument,
  StatsEndpointSeriesDocument,
  StatsEveryEndpointSeriesDocument,
  StatsOrganizationSeriesDocument,
  type StatsBucketFieldsFragment,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";

// Issue #20: statsSeries counts the attempt log per time bucket, from an index-only range scan
// that stays fast on a million attempts of one endpoint.
let cp: ControlPlane;
let org: TestOrg;

beforeAll(async () => {
  cp = await startControlPlane();
  org = await createTestOrg(cp, "Stats");
});

afterAll(async () => {
  await cp?.stop();
});

const pool = () => cp.herald.services.db.pool;

async function endpoint(o: TestOrg, path: string): Promise<string> {
  const { createEndpoint } = await o.client.request(StatsCreateEndpointDocument, { input: { url: `http://127.0.0.1:9/${path}`, eventTypes: ["*"] } });
  return createEndpoint.id;
}

type Row = { at: string; status: number | null; error?: "TIMEOUT"; ms: number };

async function insertAttempts(organizationId: string, endpointId: string, rows: Row[]): Promise<void> {
  await pool().query(
    `INSERT INTO delivery_attempts (id, delivery_id, organization_id, endpoint_id, event_id, attempt_number, trigger, response_status, error, duration_ms, created_at)
     SELECT 'att_' || $2 || '_' || n, 'dlv_' || $2 || '_' || n, $1, $2, 'evt_' || n, 1, 'INITIAL', s, e::"AttemptError", ms, at
       FROM unnest($3::timestamptz[], $4::int[], $5::text[], $6::int[]) WITH ORDINALITY AS r(at, s, e, ms, n)`,
    [organizationId, endpointId, rows.map((r) => r.at), rows.map((r) => r.status), rows.map((r) => r.error ?? null), rows.map((r) => r.ms)],
  );
}

describe("statsSeries on a hand-made log", () => {
  const T = "2026-11-20T10:00";
  let ep: string;
  let other: string;
  let small: TestOrg;

  beforeAll(async () => {
    small = await createTestOrg(cp, "Small");
    ep = await endpoint(small, "a");
    other = await endpoint(small, "b");
    await insertAttempts(small.id, ep, [
      { at: `${T}:00.000Z`, status: 200, ms: 10 },
      { at: `${T}:30.000Z`, status: 200, ms: 20 },
      { at: `${T}:59.999Z`, status: 503, ms: 30 },
      { at: "2026-11-20T10:01:00.000Z", status: null, error: "TIMEOUT", ms: 40 },
      { at: "2026-11-20T10:01:01.000Z", status: 204, ms: 50 },
      { at: "2026-11-20T10:03:00.000Z", status: 200, ms: 60 },
    ]);
    await insertAttempts(small.id, other, [{ at: `${T}:10.000Z`, status: 200, ms: 100 }]);
  });

  const bucket = (start: string, succeeded: number, failed: number, p50: number | null, p99: number | null) => ({
    start,
    succeeded,
    failed,
    attempts: succeeded + failed,
    latencyP50Ms: p50,
    latencyP99Ms: p99,
  });
  const expectSeries = (got: StatsBucketFieldsFragment[], want: ReturnType<typeof bucket>[]) => {
    expect(got.map(({ latencyP50Ms, latencyP99Ms, ...counts }) => counts)).toEqual(want.map(({ latencyP50Ms, latencyP99Ms, ...counts }) => counts));
    got.forEach((b, i) => {
      for (const key of ["latencyP50Ms", "latencyP99Ms"] as const) {
        if (want[i]![key] === null) expect(b[key]).toBeNull();
        else expect(b[key]).toBeCloseTo(want[i]![key]!, 6);
      }
    });
  };

  // Edges: a bucket holds its start, not its end; `since` rounds down and `until` up to whole buckets; until is exclusive.
  const cases: [string, string, string, "MINUTE" | "HOUR", ReturnType<typeof bucket>[]][] = [
    [
      "minutes: edges, an empty bucket, until exclusive",
      `${T}:00Z`,
      "2026-11-20T10:03:00Z",
      "MINUTE",
      [bucket(`${T}:00.000Z`, 2, 1, 20, 29.8), bucket("2026-11-20T10:01:00.000Z", 1, 1, 45, 49.9), bucket("2026-11-20T10:02:00.000Z", 0, 0, null, null)],
    ],
    [
      "since and until inside buckets, rounded out",
      `${T}:15Z`,
      "2026-11-20T10:01:00.001Z",
      "MINUTE",
      [bucket(`${T}:00.000Z`, 2, 1, 20, 29.8), bucket("2026-11-20T10:01:00.000Z", 1, 1, 45, 49.9)],
    ],
    ["one hour", "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", "HOUR", [bucket("2026-11-20T10:00:00.000Z", 4, 2, 35, 59.5)]],
  ];
  it.each(cases)("endpoint: %s", async (_, since, until, size, want) => {
    const res = await small.client.request(StatsEndpointSeriesDocument, { id: ep, since, until, bucket: size });
    expectSeries(res.endpoint.statsSeries, want);
  });

  it("organization: every endpoint's attempts together", async () => {
    const res = await small.client.request(StatsOrganizationSeriesDocument, { since: `${T}:00Z`, until: "2026-11-20T10:02:00Z", bucket: "MINUTE" });
    expectSeries(res.viewer.organization.statsSeries, [bucket(`${T}:00.000Z`, 3, 1, 25, 97.9), bucket("2026-11-20T10:01:00.000Z", 1, 1, 45, 49.9)]);
    // Another organization's series counts none of them.
    const elsewhere = await org.client.request(StatsOrganizationSeriesDocument, { since: `${T}:00Z`, until: "2026-11-20T10:02:00Z", bucket: "MINUTE" });
    expect(elsewhere.viewer.organization.statsSeries.map((b) => b.attempts)).toEqual([0, 0]);
  });

  it("refuses too many buckets or too long a range, naming the argument", async () => {
    const tooMany = await small.client.fail("BAD_USER_INPUT", StatsEndpointSeriesDocument, {
      id: ep,
      since: "2026-11-20T00:00:00Z",
      until: "2026-11-21T00:00:00Z",
      bucket: "MINUTE",
    });
    expect(tooMany.extensions?.issues).toEqual([expect.objectContaining({ path: ["bucket"] })]);
    const tooLong = await small.client.fail("BAD_USER_INPUT", StatsOrganizationSeriesDocument, {
      since: "2026-10-01T00:00:00Z",
      until: "2026-11-02T00:00:00Z",
      bucket: "DAY",
    });
    expect(tooLong.extensions?.issues).toEqual([expect.objectContaining({ path: ["since"] })]);
    const backwards = await small.client.fail("BAD_USER_INPUT", StatsEndpointSeriesDocument, {
      id: ep,
      since: "2026-11-21T00:00:00Z",
      until: "2026-11-20T00:00:00Z",
      bucket: "HOUR",
    });
    expect(backwards.extensions?.issues).toEqual([expect.objectContaining({ path: ["until"] })]);
  });

  it("is priced like a list of its buckets", async () => {
    // 100 endpoints × 500 buckets × the bucket's fields: far over the cost limit, refused before it runs.
    await small.client.fail("QUERY_TOO_COSTLY", StatsEveryEndpointSeriesDocument, {
      first: 100,
      since: "2026-11-20T00:00:00Z",
      until: "2026-11-20T08:20:00Z",
      bucket: "MINUTE",
    });
    const res = await small.client.request(StatsEveryEndpointSeriesDocument, {
      first: 2,
      since: "2026-11-20T10:00:00Z",
      until: "2026-11-20T11:00:00Z",
      bucket: "HOUR",
    });
    expect(res.endpoints.edges.map((e) => e.node.statsSeries.length)).toEqual([1, 1]);
  });
});

describe("statsSeries on a million attempts", () => {
  const MILLION = 1_000_000;
  // Spread over the 30 days before `now`, one endpoint; a second organization's endpoint adds rows
  // the index must skip.
  const now = new Date("2026-12-01T00:00:00Z");
  let big: TestOrg;
  let ep: string;

  type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };
  const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

  async function planOf(scope: AttemptStatsScope, since: Date, size: StatsBucketSize): Promise<PlanNode[]> {
    const verdict = bucketRange(since, now, size);
    if (!verdict.ok) throw new Error(verdict.message);
    const { text, values } = attemptStatsSeriesStatement(scope, verdict.range);
    const { rows } = await pool().query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
    return nodes(rows[0]!["QUERY PLAN"][0].Plan);
  }

  async function medianMs(run: () => Promise<unknown>, times = 5): Promise<number> {
    const took: number[] = [];
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      await run();
      took.push(performance.now() - started);
    }
    return took.sort((a, b) => a - b)[times >> 1]!;
  }

  beforeAll(async () => {
    big = await createTestOrg(cp, "Big");
    ep = await endpoint(big, "big");
    const neighbour = await endpoint(org, "neighbour");
    const load = (organizationId: string, endpointId: string, count: number) =>
      pool().query(
        `INSERT INTO delivery_attempts (id, delivery_id, organization_id, endpoint_id, event_id, attempt_number, trigger, response_status, error, duration_ms, created_at)
         SELECT 'att_' || $2 || lpad(i::text, 8, '0'), 'dlv_' || $2 || i, $1, $2, 'evt_' || i, 1, 'INITIAL',
                CASE WHEN i % 10 = 0 THEN NULL ELSE 200 END, CASE WHEN i % 10 = 0 THEN 'TIMEOUT'::"AttemptError" END, i % 997,
                $3::timestamptz - make_interval(secs => (i::float8 / $4) * 30 * 86400)
           FROM generate_series(1, $4::int) AS i`,
        [organizationId, endpointId, now, count],
      );
    await load(big.id, ep, MILLION);
    await load(org.id, neighbour, 200_000);
    // As autovacuum would have: statistics, and the visibility map an index-only scan needs (a
    // snapshot held elsewhere in the meantime can leave the newest pages unmarked: vacuum again).
    for (let tries = 0; tries < 10; tries++) {
      await pool().query("VACUUM ANALYZE delivery_attempts");
      const { rows } = await pool().query<{ visible: number }>(
        "SELECT relallvisible::float8 / greatest(relpages, 1) AS visible FROM pg_class WHERE relname = 'delivery_attempts'",
      );
      if (rows[0]!.visible > 0.99) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 240_000);

  it.each<[string, () => AttemptStatsScope]>([
    ["endpoint", () => ({ endpointId: ep })],
    ["organization", () => ({ organizationId: big.id })],
  ])("%s: the plan reads the index only, never the table", async (_, scope) => {
    // (Over the whole month this endpoint is most of the table, and a sequential scan would be the right plan.)
    for (const [days, size] of [
      [1, "HOUR"],
      [7, "DAY"],
    ] as const) {
      const plan = await planOf(scope(), new Date(now.getTime() - days * 86_400_000), size);
      const onAttempts = plan.filter((n) => n["Relation Name"] === "delivery_attempts");
      expect(onAttempts.map((n) => [days, n["Node Type"], n["Index Name"]])).toEqual([
        [days, "Index Only Scan", "delivery_attempts_endpoint_id_created_at_idx"],
      ]);
      expect(plan.some((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "delivery_attempts")).toBe(false);
    }
  });

  it("answers 24 hours by the hour quickly, with every attempt counted", async () => {
    const since = new Date(now.getTime() - 86_400_000).toISOString();
    const query = () => big.client.request(StatsEndpointSeriesDocument, { id: ep, since, until: now.toISOString(), bucket: "HOUR" });
    const res = await query();
    expect(res.endpoint.statsSeries).toHaveLength(24);
    const total = res.endpoint.statsSeries.reduce((n, b) => n + b.attempts, 0);
    expect(total).toBeGreaterThan(MILLION / 30 - 100);
    expect(total).toBeLessThan(MILLION / 30 + 100);
    const endpointMs = await medianMs(query);
    const orgMs = await medianMs(() => big.client.request(StatsOrganizationSeriesDocument, { since, until: now.toISOString(), bucket: "HOUR" }));
    const monthMs = await medianMs(() =>
      big.client.request(StatsEndpointSeriesDocument, {
        id: ep,
        since: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
        until: now.toISOString(),
        bucket: "DAY",
      }),
    );
    console.log(
      `statsSeries on ${MILLION} attempts, median of 5 over GraphQL: 24 h by HOUR ${endpointMs.toFixed(1)} ms (endpoint), ${orgMs.toFixed(1)} ms (organization); 30 days by DAY ${monthMs.toFixed(1)} ms`,
    );
    expect(endpointMs).toBeLessThan(2_000);
  });
});
