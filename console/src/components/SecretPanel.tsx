import { Button, Code, CopyButton, Group, NumberInput, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { fieldIssues } from "../errors.ts";
import { formatTime } from "../format.ts";
import { graphql } from "../gql";
import { ErrorAlert } from "./ErrorAlert.tsx";

const EndpointSecretQuery = graphql(`
  query ConsoleEndpointSecret($endpointId: ID!) {
    endpointSecret(endpointId: $endpointId) {
      id
      key
      kind
      inGrace {
        id
        key
        expiresAt
      }
    }
  }
`);

const RotateSecretMutation = graphql(`
  mutation ConsoleRotateEndpointSecret($id: ID!, $graceSeconds: Int) {
    rotateEndpointSecret(id: $id, graceSeconds: $graceSeconds) {
      id
      key
      expiredEarly {
        id
        graceWasUntil
      }
    }
  }
`);

const DEFAULT_GRACE_SECONDS = 86_400;
const MAX_GRACE_SECONDS = 604_800;

/** The signing secret, fetched only once asked for; copy it; rotate it with a grace period for the old one. */
export function SecretPanel({ endpointId }: { endpointId: string }) {
  const [revealed, setRevealed] = useState(false);
  const [grace, setGrace] = useState<string | number>(DEFAULT_GRACE_SECONDS);
  const [secret, refetch] = useQuery({ query: EndpointSecretQuery, variables: { endpointId }, pause: !revealed, requestPolicy: "network-only" });
  const [rotated, rotate] = useMutation(RotateSecretMutation);
  const issues = fieldIssues(rotated.error, ["graceSeconds"]);
  const current = secret.data?.endpointSecret;

  const rotateNow = async () => {
    const answer = await rotate({ id: endpointId, graceSeconds: Number(grace) });
    if (answer.data) {
      setRevealed(true);
      refetch({ requestPolicy: "network-only" });
    }
  };

  return (
    <Stack>
      {secret.error && <ErrorAlert error={secret.error} />}
      {!revealed && (
        <Group>
          <Button onClick={() => setRevealed(true)} data-autofocus>
            Reveal secret
          </Button>
        </Group>
      )}
      {current && (
        <Stack gap="xs" aria-label="Current secret">
          <Text size="sm" fw={500}>
            Current secret ({current.kind.toLowerCase()})
          </Text>
          <Code block aria-label="Secret value" style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {current.key}
          </Code>
          <Group>
            <CopyButton value={current.key}>
              {({ copied, copy }) => (
                <Button variant="light" size="xs" onClick={copy} color={copied ? "teal" : undefined}>
                  {copied ? "Copied" : "Copy secret"}
                </Button>
              )}
            </CopyButton>
          </Group>
          {current.inGrace.map((old) => (
            <Text key={old.id} size="xs" c="dimmed">
              Still signing until {formatTime(old.expiresAt)}: <Code>{old.key.slice(0, 12)}…</Code>
            </Text>
          ))}
        </Stack>
      )}
      <Group align="flex-end">
        <NumberInput
          label="Grace period (seconds)"
          description="How long the old secret keeps signing beside the new one"
          min={0}
          max={MAX_GRACE_SECONDS}
          allowDecimal={false}
          value={grace}
          onChange={setGrace}
          error={issues.fields.graceSeconds}
          style={{ flex: 1 }}
        />
        <Button color="orange" loading={rotated.fetching} onClick={rotateNow}>
          Rotate secret
        </Button>
      </Group>
      {issues.other.length > 0 && <ErrorAlert error={issues.other.join("; ")} />}
      {rotated.data && (
        <Text size="sm" role="status">
          Rotated: receivers should now hold the new secret above.
          {rotated.data.rotateEndpointSecret.expiredEarly.length > 0 &&
            ` ${rotated.data.rotateEndpointSecret.expiredEarly.length} older secret(s) stopped signing at once (at most 3 sign together).`}
        </Text>
      )}
    </Stack>
  );
}
