import { Alert, Anchor, Code, Group, Loader, ScrollArea, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { DeliveryStatusBadge } from "../components/Badges.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { formatTime, prettyJson } from "../format.ts";
import { graphql } from "../gql";
import { type PageProps, routeHref } from "../routes.ts";

const EventQuery = graphql(`
  query ConsoleEvent($id: ID!) {
    event(id: $id) {
      id
      type
      timestamp
      createdAt
      payload
      payloadExpired
      deliveries(first: 100) {
        edges {
          node {
            ...ConsoleDeliveryFields
            endpoint {
              id
              url
            }
          }
        }
      }
    }
  }
`);

export default function EventDetail({ params }: PageProps) {
  const [result] = useQuery({ query: EventQuery, variables: { id: params.id! } });
  const [view, setView] = useState("formatted");
  const event = result.data?.event;

  if (result.error) return <ErrorAlert error={result.error} />;
  if (!event) return <Loader aria-label="Loading event" />;
  const deliveries = event.deliveries.edges.map((e) => e.node);
  return (
    <Stack>
      <Anchor href={routeHref("events")} size="sm">
        ← Events
      </Anchor>
      <Title order={2}>{event.type}</Title>
      <Text size="sm" c="dimmed">
        {event.id} · timestamp {formatTime(event.timestamp)} · stored {formatTime(event.createdAt)}
      </Text>
      <section aria-label="Payload">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4">
            Payload
          </Title>
          <SegmentedControl
            size="xs"
            aria-label="Payload view"
            value={view}
            onChange={setView}
            data={[
              { value: "formatted", label: "Formatted" },
              { value: "raw", label: "As published" },
            ]}
          />
        </Group>
        {event.payloadExpired || event.payload == null ? (
          <Alert color="gray">The payload has expired (the organization's payload retention).</Alert>
        ) : (
          <ScrollArea.Autosize mah={400}>
            <Code block aria-label="Event payload" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
              {view === "raw" ? event.payload : prettyJson(event.payload)}
            </Code>
          </ScrollArea.Autosize>
        )}
      </section>
      <section aria-label="Deliveries of this event">
        <Title order={3} size="h4" mb="xs">
          Deliveries
        </Title>
        <Table striped aria-label="Deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Endpoint</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Last attempt</Table.Th>
              <Table.Th>Delivery</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deliveries.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td style={{ wordBreak: "break-all" }}>
                  <Anchor href={routeHref("endpoint", { id: d.endpoint.id })}>{d.endpoint.url}</Anchor>
                </Table.Td>
                <Table.Td>
                  <DeliveryStatusBadge status={d.status} />
                </Table.Td>
                <Table.Td>{d.attemptCount}</Table.Td>
                <Table.Td>{formatTime(d.lastAttemptAt)}</Table.Td>
                <Table.Td>
                  <Anchor href={routeHref("delivery", { id: d.id })}>{d.id}</Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {deliveries.length === 0 && <Text c="dimmed">No endpoint subscribed to this event.</Text>}
      </section>
    </Stack>
  );
}
