import { Group, Paper, Text, Title } from "@mantine/core";
import { formatRate } from "../format.ts";
import type { ConsoleEndpointFieldsFragment } from "../gql/graphql";

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

/**
 * The endpoint's delivery figures. Round 2 puts the deliveries-over-time chart (by status) and
 * latency p50/p99 from statsSeries here, under the same region.
 */
export function EndpointStatsPanel({ endpoint }: { endpoint: Pick<ConsoleEndpointFieldsFragment, "id" | "stats"> }) {
  const { stats } = endpoint;
  return (
    <section aria-label="Delivery statistics">
      <Title order={3} size="h4" mb="xs">
        Deliveries
      </Title>
      <Group gap="sm">
        <Figure label="Success rate" value={formatRate(stats.successRate)} />
        <Figure label="Succeeded" value={stats.succeeded} />
        <Figure label="Failed" value={stats.failed} />
        <Figure label="Pending" value={stats.pending} />
      </Group>
    </section>
  );
}
