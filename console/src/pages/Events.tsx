import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useQuery } from "urql";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { Pager, usePager } from "../components/Pager.tsx";
import { useCanChange } from "../access.ts";
import { ReplayForm } from "../components/ReplayForm.tsx";
import { formatTime, localInputToIso } from "../format.ts";
import { graphql } from "../gql";
import { routeHref } from "../routes.ts";

const EventsQuery = graphql(`
  query ConsoleEvents($type: String, $since: DateTime, $until: DateTime, $after: String) {
    events(type: $type, since: $since, until: $until, first: 25, after: $after) {
      edges {
        node {
          id
          type
          timestamp
          createdAt
          payloadExpired
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

interface Search {
  type: string | null;
  since: string | null;
  until: string | null;
}

export default function Events() {
  const canChange = useCanChange();
  const pager = usePager();
  const [form, setForm] = useState({ type: "", since: "", until: "" });
  const [search, setSearch] = useState<Search>({ type: null, since: null, until: null });
  const [result] = useQuery({ query: EventsQuery, variables: { ...search, after: pager.after } });
  const events = result.data?.events.edges.map((e) => e.node) ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ type: form.type.trim() || null, since: localInputToIso(form.since), until: localInputToIso(form.until) });
    pager.reset();
  };

  return (
    <Stack>
      <Title order={2}>Events</Title>
      <form onSubmit={submit} aria-label="Search events">
        <Group align="flex-end">
          <TextInput label="Event type" placeholder="order.created" value={form.type} onChange={(e) => setForm({ ...form, type: e.currentTarget.value })} />
          <TextInput label="Stored since" type="datetime-local" value={form.since} onChange={(e) => setForm({ ...form, since: e.currentTarget.value })} />
          <TextInput label="Stored until" type="datetime-local" value={form.until} onChange={(e) => setForm({ ...form, until: e.currentTarget.value })} />
          <Button type="submit">Search</Button>
        </Group>
      </form>
      {result.error && <ErrorAlert error={result.error} />}
      <Table striped highlightOnHover aria-label="Events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Stored</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Event id</Table.Th>
            <Table.Th>Timestamp</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <Anchor href={routeHref("event", { id: e.id })}>{formatTime(e.createdAt)}</Anchor>
              </Table.Td>
              <Table.Td>{e.type}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {e.id}
                </Text>
              </Table.Td>
              <Table.Td>{formatTime(e.timestamp)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {result.data && events.length === 0 && <Text c="dimmed">No events match.</Text>}
      <Pager pager={pager} pageInfo={result.data?.events.pageInfo} what="events" />
      {canChange && <ReplayForm />}
    </Stack>
  );
}
