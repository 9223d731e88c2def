import { Alert } from "@mantine/core";
import { type ApiError, errorText } from "../errors.ts";

/** An operation's failure, shown where it happened (UNAUTHENTICATED never reaches here: it signs out). */
export function ErrorAlert({ error, title = "Herald answered with an error" }: { error: ApiError | string; title?: string }) {
  return (
    <Alert color="red" title={title} role="alert" mb="md">
      {typeof error === "string" ? error : errorText(error)}
    </Alert>
  );
}
