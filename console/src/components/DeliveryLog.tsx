import { Anchor, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { formatTime, localInputToIso } from "../format.ts";
import { graphql } from "../gql";
import type { DeliveryStatus } from "../gql/graphql";
import { routeHref } from "../routes.ts";
import { DeliveryStatusBadge } from "./Badges.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { BlocksLine } from "./SkipDelivery.tsx";
import { Pager, usePager } from "./Pager.tsx";

const EndpointDeliveriesQuery = graphql(`
  query ConsoleEndpointDeliveries($endpointId: ID!, $status: DeliveryStatus, $after: String) {
    deliveries(endpointId: $endpointId, status: $status, first: 25, after: $after) {
      edges {
        node {
          ...ConsoleDeliveryFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// An empty page names no Delivery, so urql's document cache would not know a new delivery concerns it.
const DELIVERY_TYPENAMES = { additionalTypenames: ["Delivery"] };

const STATUSES = [
  { value: "", label: "Any status" },
  { value: "PENDING", label: "Pending" },
  { value: "SUCCEEDED", label: "Succeeded" },
  { value: "FAILED", label: "Failed" },
  { value: "CANCELLED", label: "Cancelled" },
  { value: "HELD", label: "Held" },
];

/**
 * The endpoint's deliveries, newest first, by status. `deliveries` has no time argument, so
 * "since" hides older rows and stops paging at them (the list is newest first).
 */
export function DeliveryLog({ endpointId, refreshKey }: { endpointId: string; refreshKey: number }) {
  const pager = usePager();
  const [status, setStatus] = useState("");
  const [since, setSince] = useState("");
  const [result, refetch] = useQuery({
    query: EndpointDeliveriesQuery,
    variables: { endpointId, status: (status || null) as DeliveryStatus | null, after: pager.after },
    context: DELIVERY_TYPENAMES,
  });
  useEffect(() => {
    if (refreshKey > 0) refetch({ requestPolicy: "network-only" });
  }, [refreshKey, refetch]);
  const sinceIso = localInputToIso(since);
  const all = result.data?.deliveries.edges.map((e) => e.node) ?? [];
  const shown = sinceIso ? all.filter((d) => d.createdAt >= sinceIso) : all;
  const reachedSince = shown.length < all.length;

  return (
    <section aria-label="Delivery log">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Delivery log
        </Title>
        <Group align="flex-end">
          <Select
            label="Status"
            data={STATUSES}
            value={status}
            onChange={(v) => {
              setStatus(v ?? "");
              pager.reset();
            }}
            allowDeselect={false}
            w={180}
          />
          <TextInput label="Created since" type="datetime-local" value={since} onChange={(e) => setSince(e.currentTarget.value)} w={240} />
        </Group>
        {result.error && <ErrorAlert error={result.error} />}
        <Table striped aria-label="Deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Created</Table.Th>
              <Table.Th>Event type</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Next attempt</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Anchor href={routeHref("delivery", { id: d.id })}>{formatTime(d.createdAt)}</Anchor>
                </Table.Td>
                <Table.Td>{d.eventType}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <DeliveryStatusBadge status={d.status} />
                    <BlocksLine delivery={d} />
                  </Group>
                </Table.Td>
                <Table.Td>{d.attemptCount}</Table.Td>
                <Table.Td>{formatTime(d.nextAttemptAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {result.data && shown.length === 0 && <Text c="dimmed">No deliveries match.</Text>}
        <Pager pager={pager} pageInfo={result.data?.deliveries.pageInfo} what="deliveries" canGoOlder={!reachedSince} />
      </Stack>
    </section>
  );
}
