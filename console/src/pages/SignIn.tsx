import { Alert, Button, Center, Code, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { credentialKind, type Session } from "../session.ts";

/**
 * An API key (`sk_…`) pasted here, or a portal link's token, is the console's credential; any
 * other token is taken for Herald's ADMIN_TOKEN and opens the operator view. The first query made
 * with it checks it: a refused one comes back here.
 */
export default function SignIn({ notice, onSignIn }: { notice: string | null; onSignIn: (session: Session) => void }) {
  const [key, setKey] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const credential = key.trim();
    if (!credential) return setProblem("Paste an API key (or the operator token) first.");
    if (/\s/.test(credential)) return setProblem("An API key has no spaces: paste the token alone.");
    const kind = credentialKind(credential);
    onSignIn({ credential, portal: kind === "portal", operator: kind === "operator" });
  };

  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder p="xl" w={440} maw="100%">
        <form onSubmit={submit} aria-label="Sign in">
          <Stack>
            <Title order={1} size="h3">
              Herald Console
            </Title>
            {notice && (
              <Alert color="yellow" role="alert">
                {notice}
              </Alert>
            )}
            <PasswordInput
              label="API key"
              description="Kept in this tab's session storage only. Herald's ADMIN_TOKEN opens the operator view."
              placeholder="sk_…"
              autoComplete="off"
              autoFocus
              value={key}
              onChange={(e) => {
                setKey(e.currentTarget.value);
                setProblem(null);
              }}
              error={problem}
            />
            <Button type="submit">Sign in</Button>
            <Text size="xs" c="dimmed">
              A platform's portal link (<Code>/console#portal=…</Code>) signs in by itself.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
