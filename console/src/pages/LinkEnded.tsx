import { Alert, Center, Paper, Stack, Title } from "@mantine/core";

/**
 * A portal page without a working credential: an expired or unknown link, or a signed-out portal.
 * It never offers the API-key form, since the page may sit in a platform's frame.
 */
export default function LinkEnded({ message }: { message: string }) {
  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder p="xl" w={440} maw="100%">
        <Stack>
          <Title order={1} size="h3">
            Herald Console
          </Title>
          <Alert color="yellow" role="alert">
            {message}
          </Alert>
        </Stack>
      </Paper>
    </Center>
  );
}
