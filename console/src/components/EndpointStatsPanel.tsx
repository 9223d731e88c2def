import { BarChart, LineChart } from "@mantine/charts";
import { Group, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { formatRate } from "../format.ts";
import { graphql } from "../gql";
import type { ConsoleEndpointFieldsFragment } from "../gql/graphql";
import { chartRows, type StatsRange, statsSummary, statsWindow } from "../stats-series.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";

const EndpointSeriesQuery = graphql(`
  query ConsoleEndpointSeries($id: ID!, $bucket: StatsBucketSize!, $since: DateTime!) {
    endpoint(id: $id) {
      id
      statsSeries(bucket: $bucket, since: $since) {
        start
        succeeded
        failed
        attempts
        latencyP50Ms
        latencyP99Ms
      }
    }
  }
`);

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <Paper withBorder p="sm" miw={120}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg">
        {value}
      </Text>
    </Paper>
  );
}

/** Attempts over the last 24 h by hour or 7 days by day: succeeded/failed bars and p50/p99 latency lines, with a text summary. */
function SeriesCharts({ endpointId, refreshKey }: { endpointId: string; refreshKey: number }) {
  const [range, setRange] = useState<StatsRange>("24h");
  // refreshKey moves the window's end to now when live attempts come in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the reason to recompute
  const args = useMemo(() => statsWindow(range, new Date()), [range, refreshKey]);
  const [series] = useQuery({ query: EndpointSeriesQuery, variables: { id: endpointId, ...args } });
  const buckets = series.data?.endpoint.statsSeries ?? [];
  const rows = chartRows(buckets, range);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" role="status" aria-label="Statistics summary">
          {series.data ? statsSummary(buckets, range) : "Loading…"}
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Statistics range"
          value={range}
          onChange={(v) => setRange(v as StatsRange)}
          data={[
            { value: "24h", label: "24 h" },
            { value: "7d", label: "7 days" },
          ]}
        />
      </Group>
      {series.error && <ErrorAlert error={series.error} />}
      <Group grow align="flex-start" aria-hidden>
        <BarChart
          h={180}
          data={rows}
          dataKey="label"
          type="stacked"
          series={[
            { name: "succeeded", color: "teal.6", label: "Succeeded" },
            { name: "failed", color: "red.6", label: "Failed" },
          ]}
          withLegend
        />
        <LineChart
          h={180}
          data={rows}
          dataKey="label"
          unit=" ms"
          connectNulls
          series={[
            { name: "p50", color: "indigo.6", label: "Latency p50" },
            { name: "p99", color: "orange.6", label: "Latency p99" },
          ]}
          withLegend
        />
      </Group>
    </Stack>
  );
}

/** The endpoint's delivery figures and its deliveries over time by status, with latency p50/p99. */
export function EndpointStatsPanel({ endpoint, refreshKey = 0 }: { endpoint: Pick<ConsoleEndpointFieldsFragment, "id" | "stats">; refreshKey?: number }) {
  const { stats } = endpoint;
  return (
    <section aria-label="Delivery statistics">
      <Title order={3} size="h4" mb="xs">
        Deliveries
      </Title>
      <Stack gap="sm">
        <Group gap="sm">
          <Figure label="Success rate" value={formatRate(stats.successRate)} />
          <Figure label="Succeeded" value={stats.succeeded} />
          <Figure label="Failed" value={stats.failed} />
          <Figure label="Pending" value={stats.pending} />
          <Figure label="Held" value={stats.held} />
        </Group>
        <SeriesCharts endpointId={endpoint.id} refreshKey={refreshKey} />
      </Stack>
    </section>
  );
}
