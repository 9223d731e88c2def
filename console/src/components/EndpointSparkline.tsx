import { Sparkline } from "@mantine/charts";
import { useMemo } from "react";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { sparklinePoints, statsSummary, statsWindow } from "../stats-series.ts";

const EndpointSparklineQuery = graphql(`
  query ConsoleEndpointSparkline($id: ID!, $since: DateTime!) {
    endpoint(id: $id) {
      id
      statsSeries(bucket: HOUR, since: $since) {
        start
        succeeded
        failed
        attempts
        latencyP99Ms
      }
    }
  }
`);

/** Attempts per hour over the last 24 h, for a row of the endpoints list; its accessible name is the text summary. */
export function EndpointSparkline({ endpointId }: { endpointId: string }) {
  const since = useMemo(() => statsWindow("24h", new Date()).since, []);
  const [series] = useQuery({ query: EndpointSparklineQuery, variables: { id: endpointId, since } });
  const buckets = series.data?.endpoint.statsSeries;
  if (!buckets) return null;
  const failed = buckets.some((b) => b.failed > 0);
  return (
    <Sparkline
      w={120}
      h={28}
      data={sparklinePoints(buckets)}
      color={failed ? "red.6" : "teal.6"}
      curveType="linear"
      fillOpacity={0.3}
      role="img"
      aria-label={`Last ${statsSummary(buckets, "24h")}`}
    />
  );
}
