import { Alert, Center, Paper, Stack, Title } from "@mantine/core";

/**
 * A portal link that no longer opens the console (expired, revoked or mistyped). Never a form to
 * type a credential into: the page may sit inside another site's frame.
 */
export default function PortalEnded() {
  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder p="xl" w={440} maw="100%">
        <Stack>
          <Title order={1} size="h3">
            Herald Console
          </Title>
          <Alert color="yellow" role="alert" title="This link has expired or is not valid">
            Ask the platform that gave it to you for a new one.
          </Alert>
        </Stack>
      </Paper>
    </Center>
  );
}
