import { statsSeries, type StatsSeriesArgs } from "../../domain/stats.ts";
import { bucketCount, MAX_STATS_BUCKETS, MAX_STATS_RANGE_DAYS, type StatsBucketSize } from "../../rules/stats-buckets.ts";
import type { AttemptStatsBucket, AttemptStatsScope } from "../../store/deliveries.ts";
import { builder } from "../builder.ts";
import type { Context } from "../context.ts";
import { codedError } from "../errors.ts";

const StatsBucketSizeEnum = builder.enumType("StatsBucketSize", {
  description: "The width of a statsSeries bucket; edges fall on whole minutes, hours or UTC days.",
  values: ["MINUTE", "HOUR", "DAY"] as const,
});

const StatsBucketRef = builder.objectRef<AttemptStatsBucket>("StatsBucket").implement({
  description: "The attempts recorded in one time bucket. An attempt succeeded when its response was 2xx and no error was recorded.",
  fields: (t) => ({
    start: t.expose("start", { type: "DateTime" }),
    succeeded: t.exposeInt("succeeded"),
    failed: t.exposeInt("failed"),
    attempts: t.exposeInt("attempts"),
    latencyP50Ms: t.exposeFloat("latencyP50Ms", { nullable: true, description: "Median attempt duration; null for a bucket without attempts." }),
    latencyP99Ms: t.exposeFloat("latencyP99Ms", { nullable: true, description: "99th percentile of attempt durations; null for a bucket without attempts." }),
  }),
});

type SeriesArgs = { since: Date; until?: Date | null; bucket: StatsBucketSize };

const DESCRIPTION =
  `Attempts per time bucket from \`since\` to \`until\` (absent: now), edges rounded out to whole buckets, empty buckets included. ` +
  `At most ${MAX_STATS_BUCKETS} buckets and ${MAX_STATS_RANGE_DAYS} days per call (else BAD_USER_INPUT naming the argument); priced like a list of its buckets.`;

/** Priced like a list of as many items as it has buckets. */
const seriesComplexity = (args: SeriesArgs) => ({ field: 1, multiplier: bucketCount(args.since, args.until ?? new Date(), args.bucket) });

function resolveSeries(scope: AttemptStatsScope, args: StatsSeriesArgs, ctx: Context): Promise<AttemptStatsBucket[]> {
  // Fields of objects are not wrapped by the domain-errors plugin: code the input error here.
  return statsSeries(ctx.services, scope, args).catch((err: unknown) => Promise.reject(codedError(err, ctx.requestId)));
}

builder.prismaObjectField("Endpoint", "statsSeries", (t) =>
  t.field({
    type: [StatsBucketRef],
    description: DESCRIPTION,
    args: {
      since: t.arg({ type: "DateTime", required: true }),
      until: t.arg({ type: "DateTime" }),
      bucket: t.arg({ type: StatsBucketSizeEnum, required: true }),
    },
    complexity: seriesComplexity,
    resolve: (endpoint, args, ctx) => resolveSeries({ endpointId: endpoint.id }, args, ctx),
  }),
);

builder.prismaObjectField("Organization", "statsSeries", (t) =>
  t.field({
    type: [StatsBucketRef],
    description: `${DESCRIPTION} Counts the attempts to every endpoint of the organization, deleted ones included.`,
    args: {
      since: t.arg({ type: "DateTime", required: true }),
      until: t.arg({ type: "DateTime" }),
      bucket: t.arg({ type: StatsBucketSizeEnum, required: true }),
    },
    complexity: seriesComplexity,
    resolve: (organization, args, ctx) => resolveSeries({ organizationId: organization.id }, args, ctx),
  }),
);
