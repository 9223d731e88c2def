import { Alert, Stack, Title } from "@mantine/core";

/** Round 2: organizations, create organization and first key, and the system panel, with ADMIN_TOKEN. */
export default function Operator() {
  return (
    <Stack>
      <Title order={2}>Operator</Title>
      <Alert color="gray">The operator view (organizations and the system panel) needs Herald's admin token and arrives in a later version.</Alert>
    </Stack>
  );
}
