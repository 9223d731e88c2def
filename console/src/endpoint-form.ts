// The endpoint form's values, and the create/update input built from them. An update sends
// only what the form changed: the server reads an absent field as "leave it", and an empty
// retrySchedule as "clear the retry policy", which must not happen by merely saving a form.

export interface HeaderRow {
  name: string;
  value: string;
}

export interface EndpointFormValues {
  url: string;
  description: string;
  eventTypes: string[];
  headers: HeaderRow[];
  /** As typed; empty for none. */
  rateLimitPerSecond: string;
  /** Seconds before each retry, comma-separated; empty for the organization's default. */
  retrySchedule: string;
  /** The ordering key's path into the event (data.orderId); empty: unordered. */
  orderingKey: string;
  orderingOnFailure: OrderingOnFailure;
}

export type OrderingOnFailure = "SKIP" | "BLOCK";

export interface OrderingFields {
  key: string;
  onFailure: OrderingOnFailure;
}

export interface EndpointSettings {
  url: string;
  description?: string | null;
  eventTypes: string[];
  headers?: unknown;
  rateLimitPerSecond?: number | null;
  retrySchedule: number[];
  ordering?: OrderingFields | null;
}

export interface EndpointInputFields {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  headers?: Record<string, string> | null;
  rateLimitPerSecond?: number | null;
  retrySchedule?: number[];
  ordering?: OrderingFields | null;
}

export const EMPTY_FORM: EndpointFormValues = {
  url: "",
  description: "",
  eventTypes: [],
  headers: [],
  rateLimitPerSecond: "",
  retrySchedule: "",
  orderingKey: "",
  orderingOnFailure: "SKIP",
};

export function formValues(endpoint: EndpointSettings): EndpointFormValues {
  const headers = endpoint.headers && typeof endpoint.headers === "object" ? Object.entries(endpoint.headers as Record<string, unknown>) : [];
  return {
    url: endpoint.url,
    description: endpoint.description ?? "",
    eventTypes: [...endpoint.eventTypes],
    headers: headers.map(([name, value]) => ({ name, value: String(value) })),
    rateLimitPerSecond: endpoint.rateLimitPerSecond == null ? "" : String(endpoint.rateLimitPerSecond),
    retrySchedule: endpoint.retrySchedule.join(", "),
    orderingKey: endpoint.ordering?.key ?? "",
    orderingOnFailure: endpoint.ordering?.onFailure ?? "SKIP",
  };
}

type Parsed<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

export function parseRetrySchedule(text: string): Parsed<number[]> {
  const parts = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.find((s) => !/^\d+$/.test(s));
  if (bad !== undefined) return { problem: `"${bad}" is not a whole number of seconds` };
  return { value: parts.map(Number) };
}

export function parseRateLimit(text: string): Parsed<number | null> {
  const s = text.trim();
  if (s === "") return { value: null };
  if (!/^\d+$/.test(s)) return { problem: "a whole number of deliveries per second, or empty for no limit" };
  return { value: Number(s) };
}

export function parseHeaders(rows: HeaderRow[]): Parsed<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const row of rows) {
    const name = row.name.trim();
    if (name === "" && row.value === "") continue;
    if (name === "") return { problem: `a header with value "${row.value}" has no name` };
    if (Object.keys(headers).some((n) => n.toLowerCase() === name.toLowerCase())) return { problem: `header ${name} is given twice` };
    headers[name] = row.value;
  }
  return { value: headers };
}

/** Every field of the form as input, or the problems found before asking the server (by field). */
export function endpointInput(values: EndpointFormValues): { input: Required<EndpointInputFields>; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const rate = parseRateLimit(values.rateLimitPerSecond);
  const schedule = parseRetrySchedule(values.retrySchedule);
  const headers = parseHeaders(values.headers);
  if (rate.problem) problems.rateLimitPerSecond = rate.problem;
  if (schedule.problem) problems.retrySchedule = schedule.problem;
  if (headers.problem) problems.headers = headers.problem;
  const headerValue = headers.value ?? {};
  const orderingKey = values.orderingKey.trim();
  return {
    input: {
      url: values.url.trim(),
      description: values.description.trim() || null,
      eventTypes: values.eventTypes,
      headers: Object.keys(headerValue).length > 0 ? headerValue : null,
      rateLimitPerSecond: rate.value ?? null,
      retrySchedule: schedule.value ?? [],
      ordering: orderingKey ? { key: orderingKey, onFailure: values.orderingOnFailure } : null,
    },
    problems,
  };
}

/** The fields of `next` that differ from `before`: the input of an update. */
export function changedFields(before: Required<EndpointInputFields>, next: Required<EndpointInputFields>): EndpointInputFields {
  const changed: EndpointInputFields = {};
  for (const key of Object.keys(next) as (keyof EndpointInputFields)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(next[key])) Object.assign(changed, { [key]: next[key] });
  }
  return changed;
}

/** The create input: optional fields left out when empty, so the organization's defaults apply. */
export function createFields(all: Required<EndpointInputFields>): EndpointInputFields & { url: string; eventTypes: string[] } {
  const { url, eventTypes, description, headers, rateLimitPerSecond, retrySchedule, ordering } = all;
  return {
    url,
    eventTypes,
    ...(description !== null && { description }),
    ...(headers !== null && { headers }),
    ...(rateLimitPerSecond !== null && { rateLimitPerSecond }),
    ...(retrySchedule.length > 0 && { retrySchedule }),
    ...(ordering !== null && { ordering }),
  };
}
