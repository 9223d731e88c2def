// What the console reads from Herald's errors: the `extensions.code` of expected failures and,
// for BAD_USER_INPUT, `extensions.issues` ({path, message}) naming the argument or input field.

/** The part of urql's CombinedError read here. */
export interface ApiError {
  message: string;
  graphQLErrors: readonly { message: string; extensions?: Readonly<Record<string, unknown>> }[];
  networkError?: Error;
  response?: { status?: number };
}

interface Issue {
  path: string[];
  message: string;
}

export function errorCodes(error: ApiError | undefined): string[] {
  return (error?.graphQLErrors ?? []).map((e) => e.extensions?.code).filter((code): code is string => typeof code === "string");
}

/** A refused credential: HTTP 401, or an UNAUTHENTICATED error in a 200 answer. */
export function isUnauthenticated(error: ApiError | undefined): boolean {
  return error?.response?.status === 401 || errorCodes(error).includes("UNAUTHENTICATED");
}

function issuesOf(error: ApiError | undefined): Issue[] {
  const issues: Issue[] = [];
  for (const e of error?.graphQLErrors ?? []) {
    if (e.extensions?.code !== "BAD_USER_INPUT" || !Array.isArray(e.extensions.issues)) continue;
    for (const issue of e.extensions.issues as unknown[]) {
      const { path, message } = (issue ?? {}) as Partial<Issue>;
      if (Array.isArray(path) && typeof message === "string") issues.push({ path: path.map(String), message });
    }
  }
  return issues;
}

export interface FieldIssues {
  /** Messages by the field they name: `input.url` → `url`, `input.eventTypes.2` → `eventTypes`, `graceSeconds` → `graceSeconds`. */
  fields: Record<string, string>;
  /** Messages for fields the form does not show, and errors other than BAD_USER_INPUT. */
  other: string[];
}

/**
 * Sorts an operation's errors into the fields of a form (`known`): an issue about `input.<field>…`
 * or `<field>…` goes to that field, joined with the others there; everything else to `other`.
 * `aliases` sends a server field to a form field (e.g. `retryPolicy` → `retrySchedule`).
 */
export function fieldIssues(error: ApiError | undefined, known: readonly string[], aliases: Record<string, string> = {}): FieldIssues {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issuesOf(error)) {
    const path = issue.path[0] === "input" ? issue.path.slice(1) : issue.path;
    const field = aliases[path[0] ?? ""] ?? path[0] ?? "";
    const where = path.length > 1 ? ` (${path.slice(1).join(".")})` : "";
    if (known.includes(field)) fields[field] = fields[field] ? `${fields[field]}; ${issue.message}${where}` : `${issue.message}${where}`;
    else other.push(`${path.join(".")}: ${issue.message}`);
  }
  for (const e of error?.graphQLErrors ?? []) if (e.extensions?.code !== "BAD_USER_INPUT") other.push(e.message);
  if (error?.networkError && other.length === 0 && Object.keys(fields).length === 0) other.push(error.networkError.message);
  return { fields, other };
}

/** One line for an alert: the server's messages, or the network failure. */
export function errorText(error: ApiError): string {
  const messages = error.graphQLErrors.map((e) => e.message);
  if (messages.length > 0) return messages.join("; ");
  return error.networkError?.message ?? error.message;
}
