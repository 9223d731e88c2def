import { Anchor, Button, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useQuery } from "urql";
import { useCanChange } from "../access.ts";
import { EndpointStatusBadge, HeldNote } from "../components/Badges.tsx";
import { EndpointActions } from "../components/EndpointActions.tsx";
import { EndpointForm } from "../components/EndpointForm.tsx";
import { EndpointSparkline } from "../components/EndpointSparkline.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { Pager, usePager } from "../components/Pager.tsx";
import { formatRate } from "../format.ts";
import { graphql } from "../gql";
import { routeHref } from "../routes.ts";

const EndpointsQuery = graphql(`
  query ConsoleEndpoints($after: String) {
    endpoints(first: 25, after: $after) {
      edges {
        node {
          ...ConsoleEndpointFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// An empty list names no Endpoint, so urql's document cache would not know a created one concerns it.
const ENDPOINT_TYPENAMES = { additionalTypenames: ["Endpoint"] };

export default function Endpoints() {
  const pager = usePager();
  const [creating, setCreating] = useState(false);
  const canChange = useCanChange();
  const [list] = useQuery({ query: EndpointsQuery, variables: { after: pager.after }, context: ENDPOINT_TYPENAMES });
  const endpoints = list.data?.endpoints.edges.map((e) => e.node) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Endpoints</Title>
        {canChange && <Button onClick={() => setCreating(true)}>New endpoint</Button>}
      </Group>
      {list.error && <ErrorAlert error={list.error} />}
      <Table striped highlightOnHover aria-label="Endpoints">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>URL</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Success rate</Table.Th>
            <Table.Th>Event types</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {endpoints.map((endpoint) => (
            <Table.Tr key={endpoint.id}>
              <Table.Td maw={380} style={{ wordBreak: "break-all" }}>
                <Anchor href={routeHref("endpoint", { id: endpoint.id })}>{endpoint.url}</Anchor>
                {endpoint.description && (
                  <Text size="xs" c="dimmed">
                    {endpoint.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <EndpointStatusBadge status={endpoint.status} />
                <HeldNote stats={endpoint.stats} />
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  {formatRate(endpoint.stats.successRate)}
                  <EndpointSparkline endpointId={endpoint.id} />
                </Group>
                <Text size="xs" c="dimmed">
                  {endpoint.stats.succeeded} ok · {endpoint.stats.failed} failed
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{endpoint.eventTypes.join(", ")}</Text>
              </Table.Td>
              <Table.Td>
                <EndpointActions endpoint={endpoint} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && endpoints.length === 0 && pager.page === 0 && (
        <Text c="dimmed">{canChange ? "No endpoints yet: create one to start receiving events." : "No endpoints yet."}</Text>
      )}
      <Pager pager={pager} pageInfo={list.data?.endpoints.pageInfo} what="endpoints" />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New endpoint" size="lg">
        <EndpointForm
          onDone={(endpoint) => {
            setCreating(false);
            window.location.hash = routeHref("endpoint", { id: endpoint.id });
          }}
        />
      </Modal>
    </Stack>
  );
}
