import { Accordion, Code, Group, Loader, ScrollArea, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "urql";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { examplePayload } from "../example-payload.ts";
import { graphql } from "../gql";

const EventTypesQuery = graphql(`
  query ConsoleEventTypes {
    eventTypes(first: 500) {
      id
      name
      description
      schema
    }
  }
`);

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <ScrollArea.Autosize mah={320}>
        <Code block aria-label={label}>
          {JSON.stringify(value, null, 2)}
        </Code>
      </ScrollArea.Autosize>
    </Stack>
  );
}

export default function EventTypes() {
  const [result] = useQuery({ query: EventTypesQuery });
  const types = result.data?.eventTypes ?? [];

  return (
    <Stack>
      <Title order={2}>Event types</Title>
      {result.error && <ErrorAlert error={result.error} />}
      {result.fetching && !result.data && <Loader aria-label="Loading event types" />}
      {result.data && types.length === 0 && <Text c="dimmed">No event type is registered: events of any type are accepted, without a schema.</Text>}
      <Accordion multiple variant="separated">
        {types.map((t) => (
          <Accordion.Item key={t.id} value={t.id}>
            <Accordion.Control>
              <Group gap="sm">
                <Text fw={600} ff="monospace">
                  {t.name}
                </Text>
                <Text size="sm" c="dimmed">
                  {t.description}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {t.schema == null ? <Text size="sm">No JSON Schema: any object is accepted as data.</Text> : <JsonBlock label="JSON Schema" value={t.schema} />}
                <JsonBlock label="Example data (as a test event sends it)" value={examplePayload(t.schema)} />
              </SimpleGrid>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
