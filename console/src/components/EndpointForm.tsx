import { Button, Fieldset, Group, Select, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { type FormEvent, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import {
  changedFields,
  createFields,
  EMPTY_FORM,
  type EndpointFormValues,
  endpointInput,
  formValues,
  type HeaderRow,
  type OrderingOnFailure,
} from "../endpoint-form.ts";
import { fieldIssues } from "../errors.ts";
import { EventTypeNamesQuery } from "../fragments.ts";
import { graphql } from "../gql";
import type { ConsoleEndpointFieldsFragment } from "../gql/graphql";
import { ErrorAlert } from "./ErrorAlert.tsx";

const CreateEndpointMutation = graphql(`
  mutation ConsoleCreateEndpoint($input: CreateEndpointInput!) {
    createEndpoint(input: $input) {
      ...ConsoleEndpointFields
    }
  }
`);

const UpdateEndpointMutation = graphql(`
  mutation ConsoleUpdateEndpoint($id: ID!, $input: UpdateEndpointInput!) {
    updateEndpoint(id: $id, input: $input) {
      ...ConsoleEndpointFields
    }
  }
`);

const FIELDS = ["url", "description", "eventTypes", "headers", "rateLimitPerSecond", "retrySchedule", "ordering"] as const;
// A retry policy problem is a problem of the schedule field, the only form of it the form edits.
const ALIASES = { retryPolicy: "retrySchedule" };

const PATTERN_HELP =
  "Registered names (order.created) or patterns: order.* matches order.created and order.item.added, * matches every type. Enter or comma after each.";

/** Create (no `endpoint`) or edit an endpoint; the server's BAD_USER_INPUT issues show at their field. */
export function EndpointForm({ endpoint, onDone }: { endpoint?: ConsoleEndpointFieldsFragment; onDone: (endpoint: ConsoleEndpointFieldsFragment) => void }) {
  const initial = useMemo(() => (endpoint ? formValues(endpoint) : EMPTY_FORM), [endpoint]);
  const [values, setValues] = useState<EndpointFormValues>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [eventTypes] = useQuery({ query: EventTypeNamesQuery });
  const [created, create] = useMutation(CreateEndpointMutation);
  const [updated, update] = useMutation(UpdateEndpointMutation);
  const result = endpoint ? updated : created;
  const issues = fieldIssues(result.error, FIELDS, ALIASES);
  const errorOf = (field: (typeof FIELDS)[number]) => problems[field] ?? issues.fields[field];
  const set = <K extends keyof EndpointFormValues>(key: K, value: EndpointFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setHeader = (index: number, row: Partial<HeaderRow>) =>
    set(
      "headers",
      values.headers.map((h, i) => (i === index ? { ...h, ...row } : h)),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { input, problems: found } = endpointInput(values);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const answer = endpoint
      ? await update({ id: endpoint.id, input: changedFields(endpointInput(initial).input, input) })
      : await create({ input: createFields(input) });
    const saved = answer.data && ("updateEndpoint" in answer.data ? answer.data.updateEndpoint : answer.data.createEndpoint);
    if (saved) onDone(saved);
  };

  return (
    <form onSubmit={submit} aria-label={endpoint ? "Edit endpoint" : "New endpoint"} noValidate>
      <Stack gap="sm">
        {issues.other.length > 0 && <ErrorAlert error={issues.other.join("; ")} />}
        <TextInput
          label="URL"
          required
          data-autofocus
          placeholder="https://example.com/webhooks"
          value={values.url}
          onChange={(e) => set("url", e.currentTarget.value)}
          error={errorOf("url")}
        />
        <TextInput label="Description" value={values.description} onChange={(e) => set("description", e.currentTarget.value)} error={errorOf("description")} />
        <TagsInput
          label="Event types"
          description={PATTERN_HELP}
          placeholder="order.created, order.*"
          data={eventTypes.data?.eventTypes.map((t) => t.name) ?? []}
          value={values.eventTypes}
          onChange={(v) => set("eventTypes", v)}
          error={errorOf("eventTypes")}
          clearable
        />
        <Fieldset legend="Custom headers" variant="unstyled">
          <Stack gap="xs">
            {values.headers.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place, and are edited in place.
              <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                <TextInput
                  aria-label={`Header ${i + 1} name`}
                  placeholder="X-Team"
                  value={row.name}
                  onChange={(e) => setHeader(i, { name: e.currentTarget.value })}
                />
                <TextInput
                  aria-label={`Header ${i + 1} value`}
                  placeholder="value"
                  style={{ flex: 1 }}
                  value={row.value}
                  onChange={(e) => setHeader(i, { value: e.currentTarget.value })}
                />
                <Button
                  variant="subtle"
                  color="red"
                  aria-label={`Remove header ${i + 1}`}
                  onClick={() =>
                    set(
                      "headers",
                      values.headers.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove
                </Button>
              </Group>
            ))}
            <Group>
              <Button variant="light" size="xs" onClick={() => set("headers", [...values.headers, { name: "", value: "" }])}>
                Add header
              </Button>
            </Group>
            {errorOf("headers") && (
              <Text c="red" size="sm" role="alert">
                {errorOf("headers")}
              </Text>
            )}
          </Stack>
        </Fieldset>
        <Group grow align="flex-start">
          <TextInput
            label="Rate limit (per second)"
            description="Empty: no limit"
            inputMode="numeric"
            value={values.rateLimitPerSecond}
            onChange={(e) => set("rateLimitPerSecond", e.currentTarget.value)}
            error={errorOf("rateLimitPerSecond")}
          />
          <TextInput
            label="Retry schedule (seconds)"
            description={
              endpoint?.retryPolicy && !endpoint.retryPolicy.schedule
                ? "Now a power curve: a schedule given here replaces it"
                : "Before each retry, e.g. 5, 60, 300; empty: the organization's default"
            }
            placeholder="5, 60, 300, 3600"
            value={values.retrySchedule}
            onChange={(e) => set("retrySchedule", e.currentTarget.value)}
            error={errorOf("retrySchedule")}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Ordering key"
            description="Path into the event, e.g. data.orderId: one key's events arrive in order; empty: unordered"
            placeholder="data.orderId"
            value={values.orderingKey}
            onChange={(e) => set("orderingKey", e.currentTarget.value)}
            error={errorOf("ordering")}
          />
          <Select
            label="When a delivery fails for good"
            description="Skip: the key's next event goes; Block: it waits until redelivered or skipped"
            data={[
              { value: "SKIP", label: "Skip it" },
              { value: "BLOCK", label: "Block the key" },
            ]}
            allowDeselect={false}
            disabled={!values.orderingKey.trim()}
            value={values.orderingOnFailure}
            onChange={(v) => set("orderingOnFailure", (v ?? "SKIP") as OrderingOnFailure)}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={result.fetching}>
            {endpoint ? "Save changes" : "Create endpoint"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
