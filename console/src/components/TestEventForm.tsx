import { Anchor, Autocomplete, Button, Group, Stack, Text } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { fieldIssues } from "../errors.ts";
import { EventTypeNamesQuery } from "../fragments.ts";
import { graphql } from "../gql";
import type { ConsoleEndpointFieldsFragment } from "../gql/graphql";
import { routeHref } from "../routes.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";

const SendTestEventMutation = graphql(`
  mutation ConsoleSendTestEvent($endpointId: ID!, $eventType: String!) {
    sendTestEvent(endpointId: $endpointId, eventType: $eventType) {
      ...ConsoleDeliveryFields
    }
  }
`);

/** The endpoint's own plain event types first, then the catalogue's. */
function suggestions(endpoint: ConsoleEndpointFieldsFragment, catalogue: string[]): string[] {
  return [...new Set([...endpoint.eventTypes.filter((t) => !t.includes("*")), ...catalogue])];
}

/** Sends one example event to this endpoint alone (trigger TEST), whatever its event types. */
export function TestEventForm({ endpoint }: { endpoint: ConsoleEndpointFieldsFragment }) {
  const [catalogue] = useQuery({ query: EventTypeNamesQuery });
  const names = suggestions(endpoint, catalogue.data?.eventTypes.map((t) => t.name) ?? []);
  const [eventType, setEventType] = useState(() => names[0] ?? "test.ping");
  const [sent, send] = useMutation(SendTestEventMutation);
  const issues = fieldIssues(sent.error, ["eventType"]);
  const delivery = sent.data?.sendTestEvent;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send({ endpointId: endpoint.id, eventType: eventType.trim() });
  };

  return (
    <form onSubmit={submit} aria-label="Send a test event">
      <Stack>
        <Autocomplete
          label="Event type"
          description="Any type name; a registered one sends an example of its schema"
          data={names}
          value={eventType}
          onChange={setEventType}
          error={issues.fields.eventType}
          data-autofocus
        />
        {issues.other.length > 0 && <ErrorAlert error={issues.other.join("; ")} />}
        {delivery && (
          <Text size="sm" role="status">
            Sent. <Anchor href={routeHref("delivery", { id: delivery.id })}>View the test delivery</Anchor>
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={sent.fetching}>
            Send test event
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
