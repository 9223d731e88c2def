import { Alert, Anchor, Button, Code, Group, Loader, ScrollArea, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { useCanChange } from "../access.ts";
import { AttemptResultBadge, DeliveryStatusBadge } from "../components/Badges.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { BlocksLine } from "../components/SkipDelivery.tsx";
import { formatTime } from "../format.ts";
import { graphql } from "../gql";
import { type PageProps, routeHref } from "../routes.ts";

const DeliveryQuery = graphql(`
  query ConsoleDelivery($id: ID!) {
    delivery(id: $id) {
      ...ConsoleDeliveryFields
      endpoint {
        id
        url
      }
      event {
        id
        type
        payload
        payloadExpired
      }
      attempts(first: 100) {
        edges {
          node {
            ...ConsoleAttemptFields
            responseBody
          }
        }
      }
    }
  }
`);

const RedeliverMutation = graphql(`
  mutation ConsoleRedeliver($deliveryId: ID!) {
    redeliver(deliveryId: $deliveryId) {
      ...ConsoleDeliveryFields
    }
  }
`);

const EventAttemptsSubscription = graphql(`
  subscription ConsoleDeliveryAttempts($eventId: ID!) {
    deliveryAttempts(eventId: $eventId) {
      id
      deliveryId
    }
  }
`);

export default function DeliveryDetail({ params }: PageProps) {
  const id = params.id!;
  const [result, refetch] = useQuery({ query: DeliveryQuery, variables: { id } });
  const [redelivered, redeliver] = useMutation(RedeliverMutation);
  const canChange = useCanChange();
  const delivery = result.data?.delivery;
  // A new attempt of this delivery (a retry, a redelivery) reloads the page's data.
  const [live] = useSubscription({ query: EventAttemptsSubscription, variables: { eventId: delivery?.eventId ?? "" }, pause: !delivery });
  const liveAttempt = live.data?.deliveryAttempts;
  useEffect(() => {
    if (liveAttempt?.deliveryId === id) refetch({ requestPolicy: "network-only" });
  }, [liveAttempt, id, refetch]);

  if (result.error) return <ErrorAlert error={result.error} />;
  if (!delivery) return <Loader aria-label="Loading delivery" />;
  const attempts = delivery.attempts.edges.map((e) => e.node);
  return (
    <Stack>
      <Anchor href={routeHref("endpoint", { id: delivery.endpoint.id })} size="sm">
        ← {delivery.endpoint.url}
      </Anchor>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>Delivery {delivery.id}</Title>
          <DeliveryStatusBadge status={delivery.status} />
          <BlocksLine delivery={delivery} />
        </Group>
        {canChange && (
          <Button onClick={() => redeliver({ deliveryId: id })} loading={redelivered.fetching} disabled={delivery.event.payloadExpired}>
            Redeliver
          </Button>
        )}
      </Group>
      {redelivered.error && <ErrorAlert error={redelivered.error} />}
      {redelivered.data && (
        <Text size="sm" role="status">
          Redelivery queued: its attempt appears below as trigger “manual”.
        </Text>
      )}
      <Text size="sm" c="dimmed">
        Event <Anchor href={routeHref("event", { id: delivery.eventId })}>{delivery.event.type}</Anchor> · created {formatTime(delivery.createdAt)} ·{" "}
        {delivery.attemptCount} attempt(s) · next attempt {formatTime(delivery.nextAttemptAt)}
        {delivery.orderingKey && ` · ordering key ${delivery.orderingKey}`}
      </Text>

      <section aria-label="Payload">
        <Title order={3} size="h4" mb="xs">
          Payload
        </Title>
        {delivery.event.payloadExpired ? (
          <Alert color="gray">The payload has expired (the organization's payload retention): it cannot be shown or sent again.</Alert>
        ) : (
          <>
            <Text size="xs" c="dimmed" mb={4}>
              The body exactly as published (an endpoint with an envelope mapping receives it under its field names).
            </Text>
            <ScrollArea.Autosize mah={320}>
              <Code block aria-label="Payload as sent" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
                {delivery.event.payload}
              </Code>
            </ScrollArea.Autosize>
          </>
        )}
      </section>

      <section aria-label="Attempts">
        <Title order={3} size="h4" mb="xs">
          Attempts
        </Title>
        <Table aria-label="Attempts list" striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Time</Table.Th>
              <Table.Th>Trigger</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Duration</Table.Th>
              <Table.Th>Response body (≤ 4 KiB)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {attempts.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.attemptNumber}</Table.Td>
                <Table.Td>{formatTime(a.createdAt)}</Table.Td>
                <Table.Td>{a.trigger.toLowerCase()}</Table.Td>
                <Table.Td>
                  <AttemptResultBadge attempt={a} />
                  {a.errorMessage && (
                    <Text size="xs" c="red">
                      {a.errorMessage}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{a.durationMs} ms</Table.Td>
                <Table.Td maw={420}>
                  {a.responseBody ? (
                    <ScrollArea.Autosize mah={160}>
                      <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
                        {a.responseBody}
                      </Code>
                    </ScrollArea.Autosize>
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {attempts.length === 0 && (
          <Text size="sm" c="dimmed">
            No attempt yet.
          </Text>
        )}
      </section>
    </Stack>
  );
}
