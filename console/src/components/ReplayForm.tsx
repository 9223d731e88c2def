import { Button, Checkbox, Group, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { fieldIssues } from "../errors.ts";
import { localInputToIso } from "../format.ts";
import { graphql } from "../gql";
import { ErrorAlert } from "./ErrorAlert.tsx";

const ReplayEndpointsQuery = graphql(`
  query ConsoleReplayEndpoints {
    endpoints(first: 100) {
      edges {
        node {
          id
          url
        }
      }
    }
  }
`);

const ReplayEventsMutation = graphql(`
  mutation ConsoleReplayEvents($endpointId: ID!, $since: DateTime!, $onlyFailed: Boolean) {
    replayEvents(endpointId: $endpointId, since: $since, onlyFailed: $onlyFailed) {
      count
      expired
    }
  }
`);

/** Re-queues an endpoint's finished deliveries created since a time (its failed ones unless told otherwise). */
export function ReplayForm() {
  const [endpoints] = useQuery({ query: ReplayEndpointsQuery });
  const [endpointId, setEndpointId] = useState<string | null>(null);
  const [since, setSince] = useState("");
  const [onlyFailed, setOnlyFailed] = useState(true);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [replayed, replay] = useMutation(ReplayEventsMutation);
  const issues = fieldIssues(replayed.error, ["endpointId", "since"]);
  const outcome = replayed.data?.replayEvents;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const sinceIso = localInputToIso(since);
    const found: Record<string, string> = {};
    if (!endpointId) found.endpointId = "Choose the endpoint whose deliveries to replay";
    if (!sinceIso) found.since = "Give the time to replay from";
    setProblems(found);
    if (endpointId && sinceIso) replay({ endpointId, since: sinceIso, onlyFailed });
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Replay deliveries">
      <form onSubmit={submit} aria-label="Replay failed deliveries">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Replay failed deliveries
          </Title>
          <Group align="flex-start">
            <Select
              label="Endpoint"
              placeholder="Choose an endpoint"
              searchable
              data={endpoints.data?.endpoints.edges.map((e) => ({ value: e.node.id, label: e.node.url })) ?? []}
              value={endpointId}
              onChange={setEndpointId}
              error={problems.endpointId ?? issues.fields.endpointId}
              w={360}
            />
            <TextInput
              label="Created since"
              type="datetime-local"
              value={since}
              onChange={(e) => setSince(e.currentTarget.value)}
              error={problems.since ?? issues.fields.since}
            />
          </Group>
          <Checkbox label="Only failed deliveries" checked={onlyFailed} onChange={(e) => setOnlyFailed(e.currentTarget.checked)} />
          {issues.other.length > 0 && <ErrorAlert error={issues.other.join("; ")} />}
          {outcome && (
            <Text size="sm" role="status">
              Re-queued {outcome.count} deliveries{outcome.expired > 0 && `; ${outcome.expired} skipped (payload expired)`}.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={replayed.fetching}>
              Replay
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
