import { Badge, Button, Group } from "@mantine/core";
import { useMutation } from "urql";
import { useCanChange } from "../access.ts";
import { graphql } from "../gql";
import { ErrorAlert } from "./ErrorAlert.tsx";

const SkipDeliveryMutation = graphql(`
  mutation ConsoleSkipDelivery($deliveryId: ID!) {
    skipDelivery(deliveryId: $deliveryId) {
      ...ConsoleDeliveryFields
    }
  }
`);

/**
 * A FAILED delivery that blocks its ordering key's line: a "blocks line" badge and, unless the
 * session is read-only, "Skip" to let the key's later events go on without it.
 */
export function BlocksLine({ delivery }: { delivery: { id: string; blocksLine: boolean; orderingKey?: string | null } }) {
  const [skipped, skip] = useMutation(SkipDeliveryMutation);
  const canChange = useCanChange();
  if (!delivery.blocksLine) return null;
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color="red" variant="outline" data-blocks-line title={delivery.orderingKey ? `Holds key ${delivery.orderingKey}` : undefined}>
        blocks line
      </Badge>
      {canChange && (
        <Button size="compact-xs" variant="light" color="orange" loading={skipped.fetching} onClick={() => skip({ deliveryId: delivery.id })}>
          Skip
        </Button>
      )}
      {skipped.error && <ErrorAlert error={skipped.error} />}
    </Group>
  );
}
