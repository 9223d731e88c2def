/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Why an attempt got no usable HTTP response. */
export type AttemptError =
  | 'BLOCKED_ADDRESS'
  | 'CONNECTION'
  | 'DNS'
  | 'RESPONSE_ERROR'
  | 'TIMEOUT'
  | 'TLS';

/** What started the run an attempt belongs to. */
export type AttemptTrigger =
  | 'INITIAL'
  | 'MANUAL'
  | 'REPLAY'
  | 'RETRY'
  | 'TEST';

export type CreateEndpointInput = {
  description?: string | null | undefined;
  enabled?: boolean | null | undefined;
  /** Absent: the organization's default, else the body exactly as published. */
  envelope?: EnvelopeMappingInput | null | undefined;
  /** Event type names (registered) or patterns (`order.*`, `*`). */
  eventTypes: Array<string>;
  /** Only events that also meet it are delivered; absent: every event of its types. */
  filter?: EventFilterInput | null | undefined;
  /** Custom headers, an object of names to string values. */
  headers?: unknown;
  /** Most attempts in flight at once to the endpoint per worker, 1 up to the service's ENDPOINT_MAX_IN_FLIGHT; null: that. */
  maxInFlight?: number | null | undefined;
  /** Deliver the events of each key in publish order; absent: unordered. */
  ordering?: OrderingInput | null | undefined;
  rateLimitPerSecond?: number | null | undefined;
  /** Absent: the organization's default, else the service's schedule. */
  retryPolicy?: RetryPolicyInput | null | undefined;
  /** Shorthand for `retryPolicy: {schedule}`: seconds before each retry (1–604800 each, at most 50). */
  retrySchedule?: Array<number> | null | undefined;
  /** `whsec_` + base64 of 24–64 bytes, generated when absent; with the HMAC_HEADERS wire format also an existing secret as it is (16–256 printable characters), whose UTF-8 bytes are the HMAC key. With signatureScheme ED25519: an ed25519 private key as `whsk_` + base64 of its 32-byte seed (or of 64 bytes, seed then public key), a fresh key pair when absent. */
  secret?: string | null | undefined;
  /** ED25519 needs the STANDARD_WEBHOOKS or SVIX wire format (its own or the organization's). */
  signatureScheme?: SignatureScheme | null | undefined;
  /** Milliseconds an attempt may take before it counts as a TIMEOUT, 1000 up to the service's DELIVERY_TIMEOUT_MS; null: that. */
  timeoutMs?: number | null | undefined;
  url: string;
  /** Absent: the organization's default, else Standard Webhooks. */
  wireFormat?: WireFormatInput | null | undefined;
};

/** HELD: kept while its endpoint is disabled, sent when it is enabled (or CANCELLED with deliverHeld false). CANCELLED: the endpoint was deleted before the delivery finished, or it was held and then dropped. */
export type DeliveryStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'HELD'
  | 'PENDING'
  | 'SUCCEEDED';

/** DISABLED: nothing is sent; what it would receive is kept as HELD deliveries (up to ENDPOINT_MAX_HELD) until it is enabled. */
export type EndpointStatus =
  | 'DISABLED'
  | 'ENABLED';

/** Field names only; a null or absent field is left out of the body, except idField, typeField and dataField, which are required. A letter or `_` first, then A-Za-z0-9_-, at most 64 characters. E.g. `{idField: "id", typeField: "event", dataField: "payload"}` sends `{"id":…,"event":…,"payload":…}`. */
export type EnvelopeMappingInput = {
  dataField?: string | null | undefined;
  idField?: string | null | undefined;
  organizationIdField?: string | null | undefined;
  timestampField?: string | null | undefined;
  typeField?: string | null | undefined;
};

/** A condition on the event beyond its type: give exactly one operator (with `path`) or one combinator per object; null fields count as absent. `path` is a dot path into the envelope: `data.<field>…` (a segment of digits indexes an array), `type`, `id` or `timestamp`. A value of another type than the operand's, or a path that leads nowhere, matches no operator but `exists: false` (ne and nin included: wrap eq or in in `not` to also take events without the field). E.g. `{and: [{path: "data.queueId", in: ["q_1", "q_2"]}, {path: "data.total", gte: "100.00"}]}`. Limits: 8 levels of nesting, 64 objects in all, 256 values per list and 1024 in all lists, strings of 256 characters, paths of 16 segments and 256 characters. */
export type EventFilterInput = {
  /** Every filter in the list holds. */
  and?: Array<EventFilterInput> | null | undefined;
  /** Equals this string, number or boolean (strings compare as strings). */
  eq?: unknown;
  /** true: the path leads to a value (null counts); false: it leads nowhere. */
  exists?: boolean | null | undefined;
  /** Greater than. A number (compared with numbers), or a decimal string such as "100.00" (compared exactly as a decimal with decimal strings of at most 64 characters: "100.00" equals "100"; no exponent). */
  gt?: unknown;
  /** Greater than or equal, as for gt. */
  gte?: unknown;
  /** One of these strings, numbers or booleans (one kind per list). */
  in?: Array<unknown> | null | undefined;
  /** Less than, as for gt. */
  lt?: unknown;
  /** Less than or equal, as for gt. */
  lte?: unknown;
  /** A value of the same type that differs. */
  ne?: unknown;
  /** A value of the list's kind that is none of these. */
  nin?: Array<unknown> | null | undefined;
  /** The filter does not hold. */
  not?: EventFilterInput | null | undefined;
  /** At least one filter in the list holds. */
  or?: Array<EventFilterInput> | null | undefined;
  /** Where the operator looks: `data.<field>…`, `type`, `id` or `timestamp`. */
  path?: string | null | undefined;
};

/** What a permanently FAILED delivery does to its key's line. */
export type OrderingFailure =
  /** Holds the key until the delivery is redelivered (and succeeds) or skipped with `skipDelivery`. */
  | 'BLOCK'
  /** Releases the line: the key's next event goes. */
  | 'SKIP';

export type OrderingInput = {
  /** A path into the event as payload filters take them ("data.<field>…"); a string, number or boolean there is the key. */
  key: string;
  onFailure?: OrderingFailure | null | undefined;
};

/** Either `{schedule: [seconds]}`, or `{power, baseSeconds, maxAttempts, jitterSeconds}`: retry n waits `round(baseSeconds × n^power × 1000)` ms plus up to `jitterSeconds`, and `maxAttempts` counts the first attempt (41 = 40 retries). Each delay at most 604800 seconds (7 days), at most 50 retries, and at most 30 days of retries in all. */
export type RetryPolicyInput = {
  /** 0.1 to 86400; defaults to 1. */
  baseSeconds?: number | null | undefined;
  /** Up to this much is added to each delay; 0 to 3600, defaults to 0. */
  jitterSeconds?: number | null | undefined;
  /** 1 to 51, the first attempt included. */
  maxAttempts?: number | null | undefined;
  /** 0 to 4. */
  power?: number | null | undefined;
  /** Seconds before each retry (±20% jitter). */
  schedule?: Array<number> | null | undefined;
};

export type SecretKind =
  /** An ed25519 key pair (signatureScheme ED25519): Herald keeps the private key, `key` is the `whpk_` public key. */
  | 'ED25519'
  /** Imported as it is: its UTF-8 bytes are the HMAC key; signs only with the HMAC_HEADERS wire format. */
  | 'RAW'
  /** `whsec_` + base64: Standard Webhooks and Svix key their HMAC with the decoded bytes, HMAC_HEADERS with the string itself. */
  | 'WHSEC';

export type SignatureEncoding =
  | 'BASE64'
  | 'HEX';

/** How deliveries are signed in the STANDARD_WEBHOOKS and SVIX wire formats (HMAC_HEADERS is HMAC_SHA256 only). */
export type SignatureScheme =
  /** `v1a,<base64 ed25519 signature>` over the same `id.timestamp.body`, with a key pair Herald holds per endpoint; receivers verify with the `whpk_` public key `endpointSecret` shows. */
  | 'ED25519'
  /** `v1,<base64 HMAC-SHA256>` with a shared `whsec_` secret. */
  | 'HMAC_SHA256';

export type SignedContent =
  /** The body exactly as sent. */
  | 'BODY'
  /** `<timestamp>.<body>`, the timestamp as sent in `timestampHeader`. */
  | 'TIMESTAMP_DOT_BODY';

/** The width of a statsSeries bucket; edges fall on whole minutes, hours or UTC days. */
export type StatsBucketSize =
  | 'DAY'
  | 'HOUR'
  | 'MINUTE';

/** Absent fields are left as they are; null clears description, headers, rateLimitPerSecond, retrySchedule, filter and ordering, puts timeoutMs and maxInFlight back to the service's, and wireFormat, envelope and retryPolicy back to the organization's default. */
export type UpdateEndpointInput = {
  description?: string | null | undefined;
  /** As enableEndpoint (held deliveries sent) or disableEndpoint. */
  enabled?: boolean | null | undefined;
  envelope?: EnvelopeMappingInput | null | undefined;
  eventTypes?: Array<string> | null | undefined;
  /** Replaces the payload filter; null removes it. */
  filter?: EventFilterInput | null | undefined;
  headers?: unknown;
  /** Most attempts in flight at once to the endpoint per worker, 1 up to the service's ENDPOINT_MAX_IN_FLIGHT; null: that. Null: back to the service's. */
  maxInFlight?: number | null | undefined;
  /** Replaces the ordering; null: unordered from now on (deliveries already waiting in a line still go in order). */
  ordering?: OrderingInput | null | undefined;
  rateLimitPerSecond?: number | null | undefined;
  retryPolicy?: RetryPolicyInput | null | undefined;
  /** Shorthand for `retryPolicy: {schedule}`; an empty list clears it. */
  retrySchedule?: Array<number> | null | undefined;
  /** `whsec_` + base64 of 24–64 bytes, generated when absent; with the HMAC_HEADERS wire format also an existing secret as it is (16–256 printable characters), whose UTF-8 bytes are the HMAC key. With signatureScheme ED25519: an ed25519 private key as `whsk_` + base64 of its 32-byte seed (or of 64 bytes, seed then public key), a fresh key pair when absent. Becomes the only signing secret at once: older ones stop signing, even during a rotation's grace period. */
  secret?: string | null | undefined;
  /** Null leaves it as it is. ED25519 needs the STANDARD_WEBHOOKS or SVIX wire format. Changing it replaces the endpoint's signing secrets at once with a fresh one of the new scheme (read it with `endpointSecret`, or give it in `secret`): older ones stop signing, even during a rotation's grace period. */
  signatureScheme?: SignatureScheme | null | undefined;
  /** Milliseconds an attempt may take before it counts as a TIMEOUT, 1000 up to the service's DELIVERY_TIMEOUT_MS; null: that. Null: back to the service's. */
  timeoutMs?: number | null | undefined;
  url?: string | null | undefined;
  /** Leaving HMAC_HEADERS while the endpoint signs with an imported secret is refused unless `secret` gives a `whsec_` one. */
  wireFormat?: WireFormatInput | null | undefined;
};

/** STANDARD_WEBHOOKS or SVIX alone, or HMAC_HEADERS with signatureHeader, signedContent and encoding. A format with one signature header (HMAC_HEADERS) signs with the newest secret only, also during a rotation's grace period; STANDARD_WEBHOOKS and SVIX send one signature per valid secret. */
export type WireFormatInput = {
  /** Applies to HMAC_HEADERS only (null for the other presets). Required there. */
  encoding?: SignatureEncoding | null | undefined;
  /** Applies to HMAC_HEADERS only (null for the other presets). */
  eventTypeHeader?: string | null | undefined;
  /** Applies to HMAC_HEADERS only (null for the other presets). */
  idHeader?: string | null | undefined;
  /** Applies to HMAC_HEADERS only (null for the other presets). At most 32 printable characters. */
  prefix?: string | null | undefined;
  preset: WireFormatPreset;
  /** Applies to HMAC_HEADERS only (null for the other presets). Required there. Header names are case-insensitive and sent lowercase. */
  signatureHeader?: string | null | undefined;
  /** Applies to HMAC_HEADERS only (null for the other presets). Required there. */
  signedContent?: SignedContent | null | undefined;
  /** Applies to HMAC_HEADERS only (null for the other presets). Required with TIMESTAMP_DOT_BODY. */
  timestampHeader?: string | null | undefined;
  /** Applies to HMAC_HEADERS only (null for the other presets). At most 256 printable characters. */
  userAgent?: string | null | undefined;
};

export type WireFormatPreset =
  /** A platform's own HMAC-SHA256 headers, set by the other fields. The HMAC key is the secret string's UTF-8 bytes, and the secret may be one imported as it is (16–256 printable characters). */
  | 'HMAC_HEADERS'
  /** `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` over `id.timestamp.body`, keyed with the decoded `whsec_` secret (`v1a,<base64>` ed25519 signatures with signatureScheme ED25519). */
  | 'STANDARD_WEBHOOKS'
  /** Standard Webhooks' algorithm under Svix's names: `svix-id`, `svix-timestamp`, `svix-signature`. */
  | 'SVIX';

export type ConsoleEndpointDeliveriesQueryVariables = Exact<{
  endpointId: string;
  status?: DeliveryStatus | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleEndpointDeliveriesQuery = { deliveries: { edges: Array<{ node: { id: string, status: DeliveryStatus, attemptCount: number, eventType: string, eventId: string, endpointId: string, createdAt: string, lastAttemptAt: string | null, nextAttemptAt: string | null, orderingKey: string | null, blocksLine: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleEnableEndpointMutationVariables = Exact<{
  id: string;
  deliverHeld?: boolean | null | undefined;
}>;


export type ConsoleEnableEndpointMutation = { enableEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: EndpointStatus, disabledAt: string | null, disabledReason: string | null, failingSince: string | null, headers: unknown, rateLimitPerSecond: number | null, retrySchedule: Array<number>, retryPolicy: { schedule: Array<number> | null, maxAttempts: number } | null, stats: { succeeded: number, failed: number, pending: number, successRate: number | null, held: number, heldOverflow: number }, ordering: { key: string, onFailure: OrderingFailure } | null, lastHeldRelease: { at: string, released: number, cancelled: number, expired: number } | null } };

export type ConsoleDisableEndpointMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDisableEndpointMutation = { disableEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: EndpointStatus, disabledAt: string | null, disabledReason: string | null, failingSince: string | null, headers: unknown, rateLimitPerSecond: number | null, retrySchedule: Array<number>, retryPolicy: { schedule: Array<number> | null, maxAttempts: number } | null, stats: { succeeded: number, failed: number, pending: number, successRate: number | null, held: number, heldOverflow: number }, ordering: { key: string, onFailure: OrderingFailure } | null, lastHeldRelease: { at: string, released: number, cancelled: number, expired: number } | null } };

export type ConsoleDeleteEndpointMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDeleteEndpointMutation = { deleteEndpoint: { id: string, deletedAt: string | null } };

export type ConsoleCreateEndpointMutationVariables = Exact<{
  input: CreateEndpointInput;
}>;


export type ConsoleCreateEndpointMutation = { createEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: EndpointStatus, disabledAt: string | null, disabledReason: string | null, failingSince: string | null, headers: unknown, rateLimitPerSecond: number | null, retrySchedule: Array<number>, retryPolicy: { schedule: Array<number> | null, maxAttempts: number } | null, stats: { succeeded: number, failed: number, pending: number, successRate: number | null, held: number, heldOverflow: number }, ordering: { key: string, onFailure: OrderingFailure } | null, lastHeldRelease: { at: string, released: number, cancelled: number, expired: number } | null } };

export type ConsoleUpdateEndpointMutationVariables = Exact<{
  id: string;
  input: UpdateEndpointInput;
}>;


export type ConsoleUpdateEndpointMutation = { updateEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: EndpointStatus, disabledAt: string | null, disabledReason: string | null, failingSince: string | null, headers: unknown, rateLimitPerSecond: number | null, retrySchedule: Array<number>, retryPolicy: { schedule: Array<number> | null, maxAttempts: number } | null, stats: { succeeded: number, failed: number, pending: number, successRate: number | null, held: number, heldOverflow: number }, ordering: { key: string, onFailure: OrderingFailure } | null, lastHeldRelease: { at: string, released: number, cancelled: number, expired: number } | null } };

export type ConsoleEndpointSparklineQueryVariables = Exact<{
  id: string;
  since: string;
}>;


export type ConsoleEndpointSparklineQuery = { endpoint: { id: string, statsSeries: Array<{ start: string, succeeded: number, failed: number, attempts: number, latencyP99Ms: number | null }> } };

export type ConsoleEndpointSeriesQueryVariables = Exact<{
  id: string;
  bucket: StatsBucketSize;
  since: string;
}>;


export type ConsoleEndpointSeriesQuery = { endpoint: { id: string, statsSeries: Array<{ start: string, succeeded: number, failed: number, attempts: number, latencyP50Ms: number | null, latencyP99Ms: number | null }> } };

export type ConsoleLiveAttemptsSubscriptionVariables = Exact<{
  endpointId: string;
  after?: string | null | undefined;
}>;


export type ConsoleLiveAttemptsSubscription = { deliveryAttempts: { id: string, attemptNumber: number, trigger: AttemptTrigger, responseStatus: number | null, error: AttemptError | null, errorMessage: string | null, durationMs: number, createdAt: string, deliveryId: string, endpointId: string, eventId: string } };

export type ConsoleRecentAttemptsQueryVariables = Exact<{
  endpointId: string;
}>;


export type ConsoleRecentAttemptsQuery = { deliveries: { edges: Array<{ node: { attempts: { edges: Array<{ node: { id: string, attemptNumber: number, trigger: AttemptTrigger, responseStatus: number | null, error: AttemptError | null, errorMessage: string | null, durationMs: number, createdAt: string, deliveryId: string, endpointId: string, eventId: string } }> } } }> } };

export type ConsoleReplayEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleReplayEndpointsQuery = { endpoints: { edges: Array<{ node: { id: string, url: string } }> } };

export type ConsoleReplayEventsMutationVariables = Exact<{
  endpointId: string;
  since: string;
  onlyFailed?: boolean | null | undefined;
}>;


export type ConsoleReplayEventsMutation = { replayEvents: { count: number, expired: number } };

export type ConsoleEndpointSecretQueryVariables = Exact<{
  endpointId: string;
}>;


export type ConsoleEndpointSecretQuery = { endpointSecret: { id: string, key: string, kind: SecretKind, inGrace: Array<{ id: string, key: string, expiresAt: string | null }> } };

export type ConsoleRotateEndpointSecretMutationVariables = Exact<{
  id: string;
  graceSeconds?: number | null | undefined;
}>;


export type ConsoleRotateEndpointSecretMutation = { rotateEndpointSecret: { id: string, key: string, expiredEarly: Array<{ id: string, graceWasUntil: string }> } };

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { viewer: { organization: { id: string, name: string }, portal: { readOnly: boolean, expiresAt: string } | null } };

export type ConsoleSkipDeliveryMutationVariables = Exact<{
  deliveryId: string;
}>;


export type ConsoleSkipDeliveryMutation = { skipDelivery: { id: string, status: DeliveryStatus, attemptCount: number, eventType: string, eventId: string, endpointId: string, createdAt: string, lastAttemptAt: string | null, nextAttemptAt: string | null, orderingKey: string | null, blocksLine: boolean } };

export type ConsoleSendTestEventMutationVariables = Exact<{
  endpointId: string;
  eventType: string;
}>;


export type ConsoleSendTestEventMutation = { sendTestEvent: { id: string, status: DeliveryStatus, attemptCount: number, eventType: string, eventId: string, endpointId: string, createdAt: string, lastAttemptAt: string | null, nextAttemptAt: string | null, orderingKey: string | null, blocksLine: boolean } };

export type ConsoleEndpointFieldsFragment = { id: string, url: string, description: string | null, eventTypes: Array<string>, status: EndpointStatus, disabledAt: string | null, disabledReason: string | null, failingSince: string | null, headers: unknown, rateLimitPerSecond: number | null, retrySchedule: Array<number>, retryPolicy: { schedule: Array<number> | null, maxAttempts: number } | null, stats: { succeeded: number, failed: number, pending: number, successRate: number | null, held: number, heldOverflow: number }, ordering: { key: string, onFailure: OrderingFailure } | null, lastHeldRelease: { at: string, released: number, cancelled: number, expired: number } | null };

export type ConsoleDeliveryFieldsFragment = { id: string, status: DeliveryStatus, attemptCount: number, eventType: string, eventId: string, endpointId: string, createdAt: string, lastAttemptAt: string | null, nextAttemptAt: string | null, orderingKey: string | null, blocksLine: boolean };

export type ConsoleAttemptFieldsFragment = { id: string, attemptNumber: number, trigger: AttemptTrigger, responseStatus: number | null, error: AttemptError | null, errorMessage: string | null, durationMs: number, createdAt: string, deliveryId: string, endpointId: string, eventId: string };

export type ConsoleEventTypeNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleEventTypeNamesQuery = { eventTypes: Array<{ name: string }> };

export type ConsoleDeliveryQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleDeliveryQuery = { delivery: { id: string, status: DeliveryStatus, attemptCount: number, eventType: string, eventId: string, endpointId: string, createdAt: string, lastAttemptAt: string | null, nextAttemptAt: string | null, orderingKey: string | null, blocksLine: boolean, endpoint: { id: string, url: string }, event: { id: string, type: string, payload: string | null, payloadExpired: boolean }, attempts: { edges: Array<{ node: { responseBody: string | null, id: string, attemptNumber: number, trigger: AttemptTrigger, responseStatus: number | null, error: AttemptError | null, errorMessage: string | null, durationMs: number, createdAt: string, deliveryId: string, endpointId: string, eventId: string } }> } } };

export type ConsoleRedeliverMutationVariables = Exact<{
  deliveryId: string;
}>;


export type ConsoleRedeliverMutation = { redeliver: { id: string, status: DeliveryStatus, attemptCount: number, eventType: string, eventId: string, endpointId: string, createdAt: string, lastAttemptAt: string | null, nextAttemptAt: string | null, orderingKey: string | null, blocksLine: boolean } };

export type ConsoleDeliveryAttemptsSubscriptionVariables = Exact<{
  eventId: string;
}>;


export type ConsoleDeliveryAttemptsSubscription = { deliveryAttempts: { id: string, deliveryId: string } };

export type ConsoleEndpointQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleEndpointQuery = { endpoint: { createdAt: string, id: string, url: string, description: string | null, eventTypes: Array<string>, status: EndpointStatus, disabledAt: string | null, disabledReason: string | null, failingSince: string | null, headers: unknown, rateLimitPerSecond: number | null, retrySchedule: Array<number>, retryPolicy: { schedule: Array<number> | null, maxAttempts: number } | null, stats: { succeeded: number, failed: number, pending: number, successRate: number | null, held: number, heldOverflow: number }, ordering: { key: string, onFailure: OrderingFailure } | null, lastHeldRelease: { at: string, released: number, cancelled: number, expired: number } | null } };

export type ConsoleEndpointsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleEndpointsQuery = { endpoints: { edges: Array<{ node: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: EndpointStatus, disabledAt: string | null, disabledReason: string | null, failingSince: string | null, headers: unknown, rateLimitPerSecond: number | null, retrySchedule: Array<number>, retryPolicy: { schedule: Array<number> | null, maxAttempts: number } | null, stats: { succeeded: number, failed: number, pending: number, successRate: number | null, held: number, heldOverflow: number }, ordering: { key: string, onFailure: OrderingFailure } | null, lastHeldRelease: { at: string, released: number, cancelled: number, expired: number } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleEventQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleEventQuery = { event: { id: string, type: string, timestamp: string, createdAt: string, payload: string | null, payloadExpired: boolean, deliveries: { edges: Array<{ node: { id: string, status: DeliveryStatus, attemptCount: number, eventType: string, eventId: string, endpointId: string, createdAt: string, lastAttemptAt: string | null, nextAttemptAt: string | null, orderingKey: string | null, blocksLine: boolean, endpoint: { id: string, url: string } } }> } } };

export type ConsoleEventTypesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleEventTypesQuery = { eventTypes: Array<{ id: string, name: string, description: string | null, schema: unknown }> };

export type ConsoleEventsQueryVariables = Exact<{
  type?: string | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleEventsQuery = { events: { edges: Array<{ node: { id: string, type: string, timestamp: string, createdAt: string, payloadExpired: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleSystemStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleSystemStatusQuery = { systemStatus: { postgres: boolean, nats: boolean, redis: boolean | null, queueDepth: number | null, deliveriesPerSecond: number | null, failuresPerSecond: number | null } };

export type ConsoleOrganizationsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleOrganizationsQuery = { organizations: { edges: Array<{ node: { id: string, name: string, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleCreateOrganizationMutationVariables = Exact<{
  name: string;
}>;


export type ConsoleCreateOrganizationMutation = { createOrganization: { token: string, organization: { id: string, name: string } } };

export const ConsoleEndpointFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"retrySchedule"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"held"}},{"kind":"Field","name":{"kind":"Name","value":"heldOverflow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ordering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"onFailure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastHeldRelease"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}}]}}]}}]} as unknown as DocumentNode<ConsoleEndpointFieldsFragment, unknown>;
export const ConsoleDeliveryFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Delivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderingKey"}},{"kind":"Field","name":{"kind":"Name","value":"blocksLine"}}]}}]} as unknown as DocumentNode<ConsoleDeliveryFieldsFragment, unknown>;
export const ConsoleAttemptFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAttemptFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryAttempt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attemptNumber"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}}]}}]} as unknown as DocumentNode<ConsoleAttemptFieldsFragment, unknown>;
export const ConsoleEndpointDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEndpointDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleDeliveryFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Delivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderingKey"}},{"kind":"Field","name":{"kind":"Name","value":"blocksLine"}}]}}]} as unknown as DocumentNode<ConsoleEndpointDeliveriesQuery, ConsoleEndpointDeliveriesQueryVariables>;
export const ConsoleEnableEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleEnableEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deliverHeld"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enableEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"deliverHeld"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deliverHeld"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleEndpointFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"retrySchedule"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"held"}},{"kind":"Field","name":{"kind":"Name","value":"heldOverflow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ordering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"onFailure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastHeldRelease"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}}]}}]}}]} as unknown as DocumentNode<ConsoleEnableEndpointMutation, ConsoleEnableEndpointMutationVariables>;
export const ConsoleDisableEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDisableEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disableEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"StringValue","value":"disabled in the console","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleEndpointFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"retrySchedule"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"held"}},{"kind":"Field","name":{"kind":"Name","value":"heldOverflow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ordering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"onFailure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastHeldRelease"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}}]}}]}}]} as unknown as DocumentNode<ConsoleDisableEndpointMutation, ConsoleDisableEndpointMutationVariables>;
export const ConsoleDeleteEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDeleteEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}}]}}]} as unknown as DocumentNode<ConsoleDeleteEndpointMutation, ConsoleDeleteEndpointMutationVariables>;
export const ConsoleCreateEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateEndpointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleEndpointFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"retrySchedule"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"held"}},{"kind":"Field","name":{"kind":"Name","value":"heldOverflow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ordering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"onFailure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastHeldRelease"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}}]}}]}}]} as unknown as DocumentNode<ConsoleCreateEndpointMutation, ConsoleCreateEndpointMutationVariables>;
export const ConsoleUpdateEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleUpdateEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateEndpointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleEndpointFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"retrySchedule"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"held"}},{"kind":"Field","name":{"kind":"Name","value":"heldOverflow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ordering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"onFailure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastHeldRelease"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}}]}}]}}]} as unknown as DocumentNode<ConsoleUpdateEndpointMutation, ConsoleUpdateEndpointMutationVariables>;
export const ConsoleEndpointSparklineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEndpointSparkline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"statsSeries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"bucket"},"value":{"kind":"EnumValue","value":"HOUR"}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"latencyP99Ms"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleEndpointSparklineQuery, ConsoleEndpointSparklineQueryVariables>;
export const ConsoleEndpointSeriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEndpointSeries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"bucket"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StatsBucketSize"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"statsSeries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"bucket"},"value":{"kind":"Variable","name":{"kind":"Name","value":"bucket"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"latencyP50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"latencyP99Ms"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleEndpointSeriesQuery, ConsoleEndpointSeriesQueryVariables>;
export const ConsoleLiveAttemptsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleLiveAttempts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveryAttempts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleAttemptFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAttemptFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryAttempt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attemptNumber"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}}]}}]} as unknown as DocumentNode<ConsoleLiveAttemptsSubscription, ConsoleLiveAttemptsSubscriptionVariables>;
export const ConsoleRecentAttemptsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleRecentAttempts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleAttemptFields"}}]}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAttemptFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryAttempt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attemptNumber"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}}]}}]} as unknown as DocumentNode<ConsoleRecentAttemptsQuery, ConsoleRecentAttemptsQueryVariables>;
export const ConsoleReplayEndpointsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleReplayEndpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleReplayEndpointsQuery, ConsoleReplayEndpointsQueryVariables>;
export const ConsoleReplayEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleReplayEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"onlyFailed"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"onlyFailed"},"value":{"kind":"Variable","name":{"kind":"Name","value":"onlyFailed"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}}]}}]}}]} as unknown as DocumentNode<ConsoleReplayEventsMutation, ConsoleReplayEventsMutationVariables>;
export const ConsoleEndpointSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEndpointSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpointSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"inGrace"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleEndpointSecretQuery, ConsoleEndpointSecretQueryVariables>;
export const ConsoleRotateEndpointSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRotateEndpointSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"graceSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateEndpointSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"graceSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"graceSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"expiredEarly"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"graceWasUntil"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRotateEndpointSecretMutation, ConsoleRotateEndpointSecretMutationVariables>;
export const ConsoleViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"portal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"readOnly"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleSkipDeliveryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSkipDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deliveryId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"skipDelivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"deliveryId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deliveryId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleDeliveryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Delivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderingKey"}},{"kind":"Field","name":{"kind":"Name","value":"blocksLine"}}]}}]} as unknown as DocumentNode<ConsoleSkipDeliveryMutation, ConsoleSkipDeliveryMutationVariables>;
export const ConsoleSendTestEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSendTestEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventType"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendTestEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}}},{"kind":"Argument","name":{"kind":"Name","value":"eventType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleDeliveryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Delivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderingKey"}},{"kind":"Field","name":{"kind":"Name","value":"blocksLine"}}]}}]} as unknown as DocumentNode<ConsoleSendTestEventMutation, ConsoleSendTestEventMutationVariables>;
export const ConsoleEventTypeNamesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEventTypeNames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventTypes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ConsoleEventTypeNamesQuery, ConsoleEventTypeNamesQueryVariables>;
export const ConsoleDeliveryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"delivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleDeliveryFields"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"payloadExpired"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attempts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleAttemptFields"}},{"kind":"Field","name":{"kind":"Name","value":"responseBody"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Delivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderingKey"}},{"kind":"Field","name":{"kind":"Name","value":"blocksLine"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAttemptFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryAttempt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attemptNumber"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}}]}}]} as unknown as DocumentNode<ConsoleDeliveryQuery, ConsoleDeliveryQueryVariables>;
export const ConsoleRedeliverDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleRedeliver"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deliveryId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redeliver"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"deliveryId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deliveryId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleDeliveryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Delivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderingKey"}},{"kind":"Field","name":{"kind":"Name","value":"blocksLine"}}]}}]} as unknown as DocumentNode<ConsoleRedeliverMutation, ConsoleRedeliverMutationVariables>;
export const ConsoleDeliveryAttemptsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConsoleDeliveryAttempts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveryAttempts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"eventId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryId"}}]}}]}}]} as unknown as DocumentNode<ConsoleDeliveryAttemptsSubscription, ConsoleDeliveryAttemptsSubscriptionVariables>;
export const ConsoleEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleEndpointFields"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"retrySchedule"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"held"}},{"kind":"Field","name":{"kind":"Name","value":"heldOverflow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ordering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"onFailure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastHeldRelease"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}}]}}]}}]} as unknown as DocumentNode<ConsoleEndpointQuery, ConsoleEndpointQueryVariables>;
export const ConsoleEndpointsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEndpoints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleEndpointFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Endpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"retrySchedule"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"held"}},{"kind":"Field","name":{"kind":"Name","value":"heldOverflow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ordering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"onFailure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastHeldRelease"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}}]}}]}}]} as unknown as DocumentNode<ConsoleEndpointsQuery, ConsoleEndpointsQueryVariables>;
export const ConsoleEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"payloadExpired"}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleDeliveryFields"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Delivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"orderingKey"}},{"kind":"Field","name":{"kind":"Name","value":"blocksLine"}}]}}]} as unknown as DocumentNode<ConsoleEventQuery, ConsoleEventQueryVariables>;
export const ConsoleEventTypesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEventTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventTypes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}}]}}]}}]} as unknown as DocumentNode<ConsoleEventTypesQuery, ConsoleEventTypesQueryVariables>;
export const ConsoleEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"payloadExpired"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleEventsQuery, ConsoleEventsQueryVariables>;
export const ConsoleSystemStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleSystemStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"systemStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"postgres"}},{"kind":"Field","name":{"kind":"Name","value":"nats"}},{"kind":"Field","name":{"kind":"Name","value":"redis"}},{"kind":"Field","name":{"kind":"Name","value":"queueDepth"}},{"kind":"Field","name":{"kind":"Name","value":"deliveriesPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"failuresPerSecond"}}]}}]}}]} as unknown as DocumentNode<ConsoleSystemStatusQuery, ConsoleSystemStatusQueryVariables>;
export const ConsoleOrganizationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleOrganizations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleOrganizationsQuery, ConsoleOrganizationsQueryVariables>;
export const ConsoleCreateOrganizationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCreateOrganization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createOrganization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"token"}}]}}]}}]} as unknown as DocumentNode<ConsoleCreateOrganizationMutation, ConsoleCreateOrganizationMutationVariables>;