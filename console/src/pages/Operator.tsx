import { Alert, Badge, Button, Code, CopyButton, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useInterval } from "@mantine/hooks";
import { type FormEvent, useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { Pager, usePager } from "../components/Pager.tsx";
import { fieldIssues } from "../errors.ts";
import { formatFigure, formatReadiness, formatTime } from "../format.ts";
import { graphql } from "../gql";

const SystemStatusQuery = graphql(`
  query ConsoleSystemStatus {
    systemStatus {
      postgres
      nats
      redis
      queueDepth
      deliveriesPerSecond
      failuresPerSecond
    }
  }
`);

const OrganizationsQuery = graphql(`
  query ConsoleOrganizations($after: String) {
    organizations(first: 20, after: $after) {
      edges {
        node {
          id
          name
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const CreateOrganizationMutation = graphql(`
  mutation ConsoleCreateOrganization($name: String!) {
    createOrganization(input: { name: $name }) {
      organization {
        id
        name
      }
      token
    }
  }
`);

const REFRESH_MS = 5000;
const READINESS_COLORS = { ready: "green", down: "red", unknown: "gray" } as const;

function Readiness({ label, ready }: { label: string; ready: boolean | null | undefined }) {
  const text = formatReadiness(ready);
  return (
    <Badge color={READINESS_COLORS[text]} variant="light" data-readiness={text}>
      {label}: {text}
    </Badge>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm" miw={140}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg">
        {value}
      </Text>
    </Paper>
  );
}

/** Postgres / NATS / Redis readiness, queue depth and attempt rates, read again every 5 s. */
function SystemPanel() {
  const [status, refetch] = useQuery({ query: SystemStatusQuery, requestPolicy: "network-only" });
  const interval = useInterval(() => refetch({ requestPolicy: "network-only" }), REFRESH_MS);
  useEffect(() => {
    interval.start();
    return interval.stop;
  }, [interval.start, interval.stop]);
  const s = status.data?.systemStatus;
  return (
    <section aria-label="System">
      <Title order={3} size="h4" mb="xs">
        System
      </Title>
      {status.error && <ErrorAlert error={status.error} />}
      <Group gap="xs" mb="sm">
        <Readiness label="Postgres" ready={s?.postgres} />
        <Readiness label="NATS" ready={s?.nats} />
        <Readiness label="Redis" ready={s?.redis} />
      </Group>
      <Group gap="sm">
        <Figure label="Queue depth" value={formatFigure(s?.queueDepth)} />
        <Figure label="Deliveries/s" value={formatFigure(s?.deliveriesPerSecond, 2)} />
        <Figure label="Failures/s" value={formatFigure(s?.failuresPerSecond, 2)} />
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        Refreshed every 5 s; rates over the last 60 s.
      </Text>
    </section>
  );
}

/** Creates an organization and shows its first API key once, to copy. */
function CreateOrganization({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState("");
  const [created, create] = useMutation(CreateOrganizationMutation);
  const issues = fieldIssues(created.error, ["name"]);
  const made = created.data?.createOrganization;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await create({ name: name.trim() });
    if (answer.data) {
      setName("");
      onCreated();
    }
  };

  return (
    <div>
      <form onSubmit={submit} aria-label="Create organization">
        <Group align="flex-end">
          <TextInput label="Organization name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={issues.fields.name} />
          <Button type="submit" loading={created.fetching}>
            Create organization
          </Button>
        </Group>
      </form>
      {issues.other.length > 0 && <ErrorAlert error={issues.other.join("; ")} />}
      {made && (
        <Alert color="teal" mt="sm" title={`Created ${made.organization.name}`} role="status">
          <Stack gap="xs">
            <Text size="sm">Its first API key, shown only now: store it before leaving this page.</Text>
            <Code block aria-label="New API key" style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
              {made.token}
            </Code>
            <CopyButton value={made.token}>
              {({ copied, copy }) => (
                <Button variant="light" size="xs" onClick={copy} color={copied ? "teal" : undefined} w="fit-content">
                  {copied ? "Copied" : "Copy API key"}
                </Button>
              )}
            </CopyButton>
          </Stack>
        </Alert>
      )}
    </div>
  );
}

const ORGANIZATION_TYPENAMES = { additionalTypenames: ["Organization"] };

/** The operator view (ADMIN_TOKEN): the system panel, the organizations, and creating one with its first key. */
export default function Operator() {
  const pager = usePager();
  const [list, refetch] = useQuery({ query: OrganizationsQuery, variables: { after: pager.after }, context: ORGANIZATION_TYPENAMES });
  const organizations = list.data?.organizations.edges.map((e) => e.node) ?? [];
  return (
    <Stack>
      <Title order={2}>Operator</Title>
      <SystemPanel />
      <section aria-label="Organizations">
        <Title order={3} size="h4" mb="xs">
          Organizations
        </Title>
        <Stack>
          <CreateOrganization onCreated={() => refetch({ requestPolicy: "network-only" })} />
          {list.error && <ErrorAlert error={list.error} />}
          <Table striped aria-label="Organizations list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>ID</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {organizations.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>{o.name}</Table.Td>
                  <Table.Td>
                    <Code>{o.id}</Code>
                  </Table.Td>
                  <Table.Td>{formatTime(o.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager pager={pager} pageInfo={list.data?.organizations.pageInfo} what="organizations" />
        </Stack>
      </section>
    </Stack>
  );
}
