import { Alert, Anchor, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useThrottledCallback } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { EndpointStatusBadge } from "../components/Badges.tsx";
import { DeliveryLog } from "../components/DeliveryLog.tsx";
import { EndpointActions } from "../components/EndpointActions.tsx";
import { EndpointStatsPanel } from "../components/EndpointStatsPanel.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { LiveAttempts } from "../components/LiveAttempts.tsx";
import { formatTime, heldReleaseText } from "../format.ts";
import { graphql } from "../gql";
import { type PageProps, routeHref } from "../routes.ts";

const EndpointQuery = graphql(`
  query ConsoleEndpoint($id: ID!) {
    endpoint(id: $id) {
      ...ConsoleEndpointFields
      createdAt
    }
  }
`);

export default function EndpointDetail({ params }: PageProps) {
  const id = params.id!;
  const [result, refetch] = useQuery({ query: EndpointQuery, variables: { id } });
  const endpoint = result.data?.endpoint;
  // Each live attempt changes the figures, the failing-since banner and the log: reload them, at most once a second.
  const [attemptsSeen, setAttemptsSeen] = useState(0);
  const onAttempt = useThrottledCallback(() => setAttemptsSeen((n) => n + 1), 1000);
  useEffect(() => {
    if (attemptsSeen > 0) refetch({ requestPolicy: "network-only" });
  }, [attemptsSeen, refetch]);

  if (result.error) return <ErrorAlert error={result.error} />;
  if (!endpoint) return <Loader aria-label="Loading endpoint" />;
  return (
    <Stack>
      <Anchor href={routeHref("endpoints")} size="sm">
        ← Endpoints
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2} style={{ wordBreak: "break-all" }}>
              {endpoint.url}
            </Title>
            <EndpointStatusBadge status={endpoint.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {endpoint.description ? `${endpoint.description} · ` : ""}
            {endpoint.eventTypes.join(", ")} · created {formatTime(endpoint.createdAt)}
            {endpoint.ordering &&
              ` · ordered by ${endpoint.ordering.key} (a failed delivery ${endpoint.ordering.onFailure === "BLOCK" ? "blocks its key" : "is skipped"})`}
          </Text>
        </Stack>
        <EndpointActions endpoint={endpoint} onDeleted={() => (window.location.hash = routeHref("endpoints"))} />
      </Group>
      {endpoint.failingSince && (
        <Alert color="red" title={`Failing since ${formatTime(endpoint.failingSince)}`} role="alert">
          Every delivery since then has failed; Herald disables the endpoint if this lasts too long.
        </Alert>
      )}
      {endpoint.status === "DISABLED" && (
        <Alert color="gray" title={`Disabled ${formatTime(endpoint.disabledAt)}`}>
          {endpoint.disabledReason ?? "No deliveries are made until it is enabled again."}
          {endpoint.stats.held > 0 && ` ${endpoint.stats.held.toLocaleString("en-US")} held deliveries wait for it to be enabled.`}
        </Alert>
      )}
      {endpoint.stats.heldOverflow > 0 && (
        <Alert color="orange" title="Held deliveries over the limit" role="alert">
          {endpoint.stats.heldOverflow.toLocaleString("en-US")} events were not held while the endpoint was disabled (ENDPOINT_MAX_HELD reached): they will
          never reach it.
        </Alert>
      )}
      {endpoint.lastHeldRelease && (
        <Text size="sm" c="dimmed" aria-label="Last held release">
          {heldReleaseText(endpoint.lastHeldRelease)}
        </Text>
      )}
      <EndpointStatsPanel endpoint={endpoint} refreshKey={attemptsSeen} />
      <LiveAttempts endpointId={endpoint.id} onAttempt={onAttempt} />
      <DeliveryLog endpointId={endpoint.id} refreshKey={attemptsSeen} />
    </Stack>
  );
}
