import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useClient } from "urql";
import { type ApiError, errorText } from "../errors.ts";
import { formatTime } from "../format.ts";
import { graphql } from "../gql";
import type { ConsoleAttemptFieldsFragment, ConsoleRecentAttemptsQuery } from "../gql/graphql";
import { addAttempt, appendOlder, newestFirst } from "../live-feed.ts";
import { routeHref } from "../routes.ts";
import { AttemptResultBadge } from "./Badges.tsx";

const LiveAttemptsSubscription = graphql(`
  subscription ConsoleLiveAttempts($endpointId: ID!, $after: ID) {
    deliveryAttempts(endpointId: $endpointId, after: $after) {
      ...ConsoleAttemptFields
    }
  }
`);

const RecentAttemptsQuery = graphql(`
  query ConsoleRecentAttempts($endpointId: ID!) {
    deliveries(endpointId: $endpointId, first: 10) {
      edges {
        node {
          attempts(first: 1) {
            edges {
              node {
                ...ConsoleAttemptFields
              }
            }
          }
        }
      }
    }
  }
`);

/**
 * Attempts to the endpoint as Herald records them. Pause ends the subscription; resume starts
 * it again `after` the last attempt seen, so Herald first replays what was missed: no gap.
 * The newest attempts already recorded seed the list, and so the cursor: a pause before any
 * live attempt arrived still resumes without a gap.
 */
/** The newest attempt of each recent delivery, newest first (attempt ids grow with time, as `after` relies on). */
function recentAttempts(data: ConsoleRecentAttemptsQuery | undefined): ConsoleAttemptFieldsFragment[] {
  const attempts = (data?.deliveries.edges ?? []).flatMap((d) => d.node.attempts.edges.map((a) => a.node));
  return newestFirst(attempts);
}

export function LiveAttempts({ endpointId, onAttempt }: { endpointId: string; onAttempt?: (attempt: ConsoleAttemptFieldsFragment) => void }) {
  const client = useClient();
  const [attempts, setAttempts] = useState<ConsoleAttemptFieldsFragment[]>([]);
  const [paused, setPaused] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const lastSeen = useRef<string | null>(null);
  const onAttemptRef = useRef(onAttempt);
  onAttemptRef.current = onAttempt;

  useEffect(() => {
    let current = true;
    client
      .query(RecentAttemptsQuery, { endpointId }, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        const recent = recentAttempts(result.data);
        if (!current || recent.length === 0) return;
        lastSeen.current ??= recent[0]!.id;
        setAttempts((list) => appendOlder(list, recent));
      });
    return () => {
      current = false;
    };
  }, [client, endpointId]);

  useEffect(() => {
    if (paused) return;
    setFailure(null);
    const { unsubscribe } = client.subscription(LiveAttemptsSubscription, { endpointId, after: lastSeen.current }).subscribe((result) => {
      if (result.error) {
        setFailure(result.error);
        setPaused(true);
        return;
      }
      const attempt = result.data?.deliveryAttempts;
      if (!attempt) return;
      lastSeen.current = attempt.id;
      setAttempts((list) => addAttempt(list, attempt));
      onAttemptRef.current?.(attempt);
    });
    return unsubscribe;
  }, [client, endpointId, paused]);

  const resumeFromNow = () => {
    lastSeen.current = null;
    setPaused(false);
  };

  return (
    <section aria-label="Live attempts">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={3} size="h4">
              Live attempts
            </Title>
            <Badge color={paused ? "gray" : "green"} variant="dot" aria-live="polite">
              {paused ? "paused" : "live"}
            </Badge>
          </Group>
          <Button variant="default" size="xs" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
            {paused ? "Resume" : "Pause"}
          </Button>
        </Group>
        {failure && (
          <Alert color="red" title="The live feed stopped" role="alert">
            <Text size="sm">{errorText(failure)}</Text>
            <Button mt="xs" size="xs" variant="light" onClick={resumeFromNow}>
              Resume from now
            </Button>
          </Alert>
        )}
        <Table aria-label="Live attempts list" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Attempt</Table.Th>
              <Table.Th>Trigger</Table.Th>
              <Table.Th>Duration</Table.Th>
              <Table.Th>Delivery</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {attempts.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{formatTime(a.createdAt)}</Table.Td>
                <Table.Td>
                  <AttemptResultBadge attempt={a} />
                </Table.Td>
                <Table.Td>#{a.attemptNumber}</Table.Td>
                <Table.Td>{a.trigger.toLowerCase()}</Table.Td>
                <Table.Td>{a.durationMs} ms</Table.Td>
                <Table.Td>
                  <Anchor href={routeHref("delivery", { id: a.deliveryId })} size="sm">
                    {a.deliveryId}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {attempts.length === 0 && (
          <Text c="dimmed" size="sm">
            {paused ? "Paused." : "Waiting for attempts… (send a test event to see one)"}
          </Text>
        )}
      </Stack>
    </section>
  );
}
