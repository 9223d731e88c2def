import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { useCanChange } from "../access.ts";
import { graphql } from "../gql";
import type { ConsoleEndpointFieldsFragment } from "../gql/graphql";
import { EndpointForm } from "./EndpointForm.tsx";
import { heldQuestion } from "../format.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { SecretPanel } from "./SecretPanel.tsx";
import { TestEventForm } from "./TestEventForm.tsx";

const EnableEndpointMutation = graphql(`
  mutation ConsoleEnableEndpoint($id: ID!, $deliverHeld: Boolean) {
    enableEndpoint(id: $id, deliverHeld: $deliverHeld) {
      ...ConsoleEndpointFields
    }
  }
`);

const DisableEndpointMutation = graphql(`
  mutation ConsoleDisableEndpoint($id: ID!) {
    disableEndpoint(id: $id, reason: "disabled in the console") {
      ...ConsoleEndpointFields
    }
  }
`);

const DeleteEndpointMutation = graphql(`
  mutation ConsoleDeleteEndpoint($id: ID!) {
    deleteEndpoint(id: $id) {
      id
      deletedAt
    }
  }
`);

type Dialog = "edit" | "secret" | "test" | "delete" | "enable";

/**
 * What can be done to one endpoint, in its row of the list and on its own page: the buttons
 * (Edit, Enable/Disable, Secret, Test, Delete) and the dialogs they open.
 */
export function EndpointActions({ endpoint, onDeleted }: { endpoint: ConsoleEndpointFieldsFragment; onDeleted?: () => void }) {
  return useCanChange() ? <EndpointControls endpoint={endpoint} onDeleted={onDeleted} /> : null;
}

function EndpointControls({ endpoint, onDeleted }: { endpoint: ConsoleEndpointFieldsFragment; onDeleted?: () => void }) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [enabled, enable] = useMutation(EnableEndpointMutation);
  const [disabled, disable] = useMutation(DisableEndpointMutation);
  const [deleted, remove] = useMutation(DeleteEndpointMutation);
  const close = () => setDialog(null);
  const toggleError = enabled.error ?? disabled.error;
  const isEnabled = endpoint.status === "ENABLED";

  const held = endpoint.stats.held;
  const toggle = () => {
    if (isEnabled) disable({ id: endpoint.id });
    else if (held > 0) setDialog("enable");
    else enable({ id: endpoint.id, deliverHeld: true });
  };
  const enableWith = async (deliverHeld: boolean) => {
    const answer = await enable({ id: endpoint.id, deliverHeld });
    if (answer.data) close();
  };

  const confirmDelete = async () => {
    const answer = await remove({ id: endpoint.id });
    if (answer.data) {
      close();
      onDeleted?.();
    }
  };

  return (
    <>
      <Group gap={6} wrap="wrap">
        <Button size="compact-sm" variant="light" onClick={() => setDialog("edit")}>
          Edit
        </Button>
        <Button size="compact-sm" variant="light" color={isEnabled ? "orange" : "green"} loading={enabled.fetching || disabled.fetching} onClick={toggle}>
          {isEnabled ? "Disable" : "Enable"}
        </Button>
        <Button size="compact-sm" variant="light" onClick={() => setDialog("secret")}>
          Secret
        </Button>
        <Button size="compact-sm" variant="light" onClick={() => setDialog("test")}>
          Test
        </Button>
        <Button size="compact-sm" variant="light" color="red" onClick={() => setDialog("delete")}>
          Delete
        </Button>
      </Group>
      {toggleError && <ErrorAlert error={toggleError} />}

      <Modal opened={dialog === "edit"} onClose={close} title="Edit endpoint" size="lg">
        <EndpointForm endpoint={endpoint} onDone={close} />
      </Modal>
      <Modal opened={dialog === "secret"} onClose={close} title="Signing secret" size="lg">
        <SecretPanel endpointId={endpoint.id} />
      </Modal>
      <Modal opened={dialog === "test"} onClose={close} title="Send a test event">
        <TestEventForm endpoint={endpoint} />
      </Modal>
      <Modal opened={dialog === "enable"} onClose={close} title="Enable endpoint">
        <Stack>
          <Text size="sm" fw={500}>
            {heldQuestion(held)}
          </Text>
          <Text size="sm">
            They were kept while <b>{endpoint.url}</b> was disabled. Send them now, oldest first, or drop them (they become cancelled).
          </Text>
          {enabled.error && <ErrorAlert error={enabled.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button variant="light" color="red" loading={enabled.fetching} onClick={() => enableWith(false)}>
              Drop
            </Button>
            <Button loading={enabled.fetching} onClick={() => enableWith(true)} data-autofocus>
              Send
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={dialog === "delete"} onClose={close} title="Delete endpoint?">
        <Stack>
          <Text size="sm">
            Deliveries to <b>{endpoint.url}</b> stop and its pending ones are cancelled. Its delivery log stays readable.
          </Text>
          {deleted.error && <ErrorAlert error={deleted.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={deleted.fetching} onClick={confirmDelete}>
              Delete endpoint
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
