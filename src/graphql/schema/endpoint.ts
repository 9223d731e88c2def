import { createEndpoint, deleteEndpoint, disableEndpoint, enableEndpoint, updateEndpoint } from "../../domain/endpoints.ts";
import type { Endpoint } from "../../db/client.ts";
import { EndpointStatus } from "../../generated/prisma/enums.ts";
import { builder } from "../builder.ts";
import { orNotFound } from "../errors.ts";
import { ID_ORDER, keysetConnection, pageComplexity, pageQuery } from "../connection.ts";
import { deliveriesOf, DeliveryConnection } from "./delivery.ts";
import { EndpointStatsRef, loadEndpointStats } from "./endpoint-stats.ts";
import { EnvelopeMappingInput, EnvelopeMappingRef } from "./envelope-mapping.ts";
import { EventFilterInput } from "./event-filter.ts";
import { OrderingInput, OrderingRef } from "./ordering.ts";
import { RetryPolicyInput, RetryPolicyRef } from "./retry-policy.ts";
import { SignatureSchemeEnum } from "./signature-scheme.ts";
import { WireFormatInput, WireFormatRef } from "./wire-format.ts";
import type { EnvelopeMapping } from "../../rules/envelope-mapping.ts";
import type { Ordering } from "../../rules/ordering.ts";
import type { RetryPolicy } from "../../rules/retry-policy.ts";
import type { WireFormat } from "../../rules/wire-format.ts";

export const SECRET_INPUT =
  "`whsec_` + base64 of 24–64 bytes, generated when absent; with the HMAC_HEADERS wire format also an existing secret as it is (16–256 printable characters), whose UTF-8 bytes are the HMAC key. With signatureScheme ED25519: an ed25519 private key as `whsk_` + base64 of its 32-byte seed (or of 64 bytes, seed then public key), a fresh key pair when absent.";

const SCHEME_CHANGE =
  "Changing it replaces the endpoint's signing secrets at once with a fresh one of the new scheme (read it with `endpointSecret`, or give it in `secret`): older ones stop signing, even during a rotation's grace period.";

/** An endpoint's own receiver limits (issue #19), bounded by the service's. */
const RECEIVER_LIMITS = {
  timeoutMs: "Milliseconds an attempt may take before it counts as a TIMEOUT, 1000 up to the service's DELIVERY_TIMEOUT_MS; null: that.",
  maxInFlight: "Most attempts in flight at once to the endpoint per worker, 1 up to the service's ENDPOINT_MAX_IN_FLIGHT; null: that.",
};

const EndpointStatusEnum = builder.enumType(EndpointStatus, {
  name: "EndpointStatus",
  description: "DISABLED: nothing is sent; what it would receive is kept as HELD deliveries (up to ENDPOINT_MAX_HELD) until it is enabled.",
});

/** The outcome of the last enable of a disabled endpoint: what became of the deliveries held for it (issue #19). */
interface HeldRelease {
  at: Date;
  released: number;
  cancelled: number;
  expired: number;
}

const HeldReleaseRef = builder.objectRef<HeldRelease>("HeldRelease").implement({
  description: "What became of the deliveries held for an endpoint when it was last enabled; the counts grow while the release runs.",
  fields: (t) => ({
    at: t.expose("at", { type: "DateTime", description: "When the endpoint was enabled." }),
    released: t.exposeInt("released", { description: "Sent: PENDING again under a new run, queued oldest first." }),
    cancelled: t.exposeInt("cancelled", { description: "CANCELLED because it was enabled with deliverHeld false." }),
    expired: t.exposeInt("expired", { description: "CANCELLED because their event's payload had expired (retention): nothing was left to send." }),
  }),
});

/** `retrySchedule`, the older view of a retry policy: its list, or empty for none or a power curve. */
function scheduleOf(policy: RetryPolicy | null): number[] {
  return policy && "schedule" in policy ? [...policy.schedule] : [];
}

const EndpointRef = builder.prismaObject("Endpoint", {
  description: "An HTTPS URL that receives, signed, the events it subscribed to.",
  fields: (t) => ({
    id: t.exposeID("id"),
    url: t.exposeString("url"),
    description: t.exposeString("description", { nullable: true }),
    eventTypes: t.exposeStringList("eventTypes", { description: "Event type names or patterns (`order.*`, `*`)." }),
    status: t.expose("status", { type: EndpointStatusEnum }),
    disabledReason: t.exposeString("disabledReason", { nullable: true }),
    disabledAt: t.expose("disabledAt", { type: "DateTime", nullable: true }),
    failingSince: t.expose("failingSince", {
      type: "DateTime",
      nullable: true,
      description: "Start of the current run of failed deliveries; the endpoint is disabled once it lasts too long.",
    }),
    headers: t.expose("headers", { type: "JSON", description: "Custom headers sent with every delivery." }),
    rateLimitPerSecond: t.exposeInt("rateLimitPerSecond", { nullable: true }),
    retrySchedule: t.intList({
      description: "Seconds between attempts after the first when the endpoint's retryPolicy is a schedule; empty otherwise.",
      resolve: (e) => scheduleOf(e.retryPolicy as RetryPolicy | null),
    }),
    wireFormat: t.field({
      type: WireFormatRef,
      nullable: true,
      description: "How deliveries are signed; null: the organization's default (Standard Webhooks unless it set one).",
      resolve: (e) => e.wireFormat as WireFormat | null,
    }),
    envelope: t.field({
      type: EnvelopeMappingRef,
      nullable: true,
      description: "The body's field names; null: the organization's default (the body exactly as published unless it set one).",
      resolve: (e) => e.envelope as EnvelopeMapping | null,
    }),
    retryPolicy: t.field({
      type: RetryPolicyRef,
      nullable: true,
      description: "When failed attempts are retried; null: the organization's default, else the service's schedule.",
      resolve: (e) => e.retryPolicy as RetryPolicy | null,
    }),
    signatureScheme: t.expose("signatureScheme", {
      type: SignatureSchemeEnum,
      description: "HMAC_SHA256 (`v1,` signatures) or ED25519 (`v1a,`, verified with the `whpk_` public key `endpointSecret` shows).",
    }),
    timeoutMs: t.exposeInt("timeoutMs", { nullable: true, description: RECEIVER_LIMITS.timeoutMs }),
    maxInFlight: t.exposeInt("maxInFlight", { nullable: true, description: RECEIVER_LIMITS.maxInFlight }),
    filter: t.expose("filter", {
      type: "JSON",
      nullable: true,
      description: "The payload filter events of its types must also meet (as EventFilterInput, null fields left out); null: none.",
    }),
    ordering: t.field({
      type: OrderingRef,
      nullable: true,
      description: "Ordered delivery per key; null: deliveries go as soon as they can, in any order.",
      resolve: (e) => e.ordering as Ordering | null,
    }),
    lastHeldRelease: t.field({
      type: HeldReleaseRef,
      nullable: true,
      description: "What became of the deliveries held while it was disabled, as of its last enable; null if it was never enabled from DISABLED.",
      resolve: (e) => e.heldReleasedAt && { at: e.heldReleasedAt, released: e.heldReleased, cancelled: e.heldCancelled, expired: e.heldExpired },
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true }),
    deliveries: t.connection(deliveriesOf<Endpoint>("endpoint"), DeliveryConnection),
    // One aggregate over the endpoint's whole log, for all endpoints of the request at once.
    // Batched only, never cached: a subscription's context lives as long as it does.
    stats: t.loadable({
      type: EndpointStatsRef,
      complexity: 10,
      load: loadEndpointStats,
      loaderOptions: { cache: false },
      resolve: (endpoint) => endpoint,
    }),
  }),
});

const CreateEndpointInput = builder.inputType("CreateEndpointInput", {
  fields: (t) => ({
    url: t.string({ required: true }),
    description: t.string(),
    eventTypes: t.stringList({ required: true, description: "Event type names (registered) or patterns (`order.*`, `*`)." }),
    enabled: t.boolean({ defaultValue: true }),
    headers: t.field({ type: "JSON", description: "Custom headers, an object of names to string values." }),
    rateLimitPerSecond: t.int(),
    retrySchedule: t.intList({ description: "Shorthand for `retryPolicy: {schedule}`: seconds before each retry (1–604800 each, at most 50)." }),
    retryPolicy: t.field({ type: RetryPolicyInput, description: "Absent: the organization's default, else the service's schedule." }),
    wireFormat: t.field({ type: WireFormatInput, description: "Absent: the organization's default, else Standard Webhooks." }),
    envelope: t.field({ type: EnvelopeMappingInput, description: "Absent: the organization's default, else the body exactly as published." }),
    signatureScheme: t.field({
      type: SignatureSchemeEnum,
      defaultValue: "HMAC_SHA256",
      description: "ED25519 needs the STANDARD_WEBHOOKS or SVIX wire format (its own or the organization's).",
    }),
    timeoutMs: t.int({ description: RECEIVER_LIMITS.timeoutMs }),
    maxInFlight: t.int({ description: RECEIVER_LIMITS.maxInFlight }),
    filter: t.field({ type: EventFilterInput, description: "Only events that also meet it are delivered; absent: every event of its types." }),
    ordering: t.field({ type: OrderingInput, description: "Deliver the events of each key in publish order; absent: unordered." }),
    secret: t.string({ description: SECRET_INPUT }),
  }),
});

const UpdateEndpointInput = builder.inputType("UpdateEndpointInput", {
  description:
    "Absent fields are left as they are; null clears description, headers, rateLimitPerSecond, retrySchedule, filter and ordering, puts timeoutMs and maxInFlight back to the service's, and wireFormat, envelope and retryPolicy back to the organization's default.",
  fields: (t) => ({
    url: t.string(),
    description: t.string(),
    eventTypes: t.stringList(),
    enabled: t.boolean({ description: "As enableEndpoint (held deliveries sent) or disableEndpoint." }),
    headers: t.field({ type: "JSON" }),
    rateLimitPerSecond: t.int(),
    retrySchedule: t.intList({ description: "Shorthand for `retryPolicy: {schedule}`; an empty list clears it." }),
    retryPolicy: t.field({ type: RetryPolicyInput }),
    wireFormat: t.field({
      type: WireFormatInput,
      description: "Leaving HMAC_HEADERS while the endpoint signs with an imported secret is refused unless `secret` gives a `whsec_` one.",
    }),
    envelope: t.field({ type: EnvelopeMappingInput }),
    signatureScheme: t.field({
      type: SignatureSchemeEnum,
      description: `Null leaves it as it is. ED25519 needs the STANDARD_WEBHOOKS or SVIX wire format. ${SCHEME_CHANGE}`,
    }),
    timeoutMs: t.int({ description: `${RECEIVER_LIMITS.timeoutMs} Null: back to the service's.` }),
    maxInFlight: t.int({ description: `${RECEIVER_LIMITS.maxInFlight} Null: back to the service's.` }),
    filter: t.field({ type: EventFilterInput, description: "Replaces the payload filter; null removes it." }),
    ordering: t.field({
      type: OrderingInput,
      description: "Replaces the ordering; null: unordered from now on (deliveries already waiting in a line still go in order).",
    }),
    secret: t.string({
      description: `${SECRET_INPUT} Becomes the only signing secret at once: older ones stop signing, even during a rotation's grace period.`,
    }),
  }),
});

builder.queryFields((t) => ({
  endpoint: t.withAuth({ org: true }).prismaField({
    type: "Endpoint",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.services.db.prisma.endpoint
        .findFirst({ ...query, where: { id, organizationId: ctx.principal.organizationId, deletedAt: null } })
        .then(orNotFound("endpoint", id)),
  }),
  endpoints: t.withAuth({ org: true }).connection(
    {
      type: EndpointRef,
      description: "Newest first; deleted endpoints are left out.",
      args: { status: t.arg({ type: EndpointStatusEnum }) },
      complexity: pageComplexity,
      resolve: (_root, { status, ...args }, ctx, info) => {
        const filter = { organizationId: ctx.principal.organizationId, deletedAt: null, ...(status != null && { status }) };
        return keysetConnection(ctx, info, args, ID_ORDER, (page) => ctx.services.db.prisma.endpoint.findMany(pageQuery(filter, page)));
      },
    },
    { name: "EndpointConnection" },
    { name: "EndpointEdge" },
  ),
}));

builder.mutationFields((t) => {
  const org = t.withAuth({ org: true });
  return {
    createEndpoint: org.prismaField({
      type: "Endpoint",
      args: { input: t.arg({ type: CreateEndpointInput, required: true }) },
      resolve: (_query, _root, { input }, ctx) => createEndpoint(ctx.services, ctx.principal.organizationId, input),
    }),
    updateEndpoint: org.prismaField({
      type: "Endpoint",
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateEndpointInput, required: true }) },
      resolve: (_query, _root, { id, input }, ctx) => updateEndpoint(ctx.services, ctx.principal.organizationId, id, input).then(orNotFound("endpoint", id)),
    }),
    deleteEndpoint: org.prismaField({
      type: "Endpoint",
      description: "Stops deliveries to the endpoint and cancels its pending and held ones; its delivery log stays readable.",
      args: { id: t.arg.id({ required: true }) },
      resolve: (_query, _root, { id }, ctx) => deleteEndpoint(ctx.services, ctx.principal.organizationId, id).then(orNotFound("endpoint", id)),
    }),
    enableEndpoint: org.prismaField({
      type: "Endpoint",
      description:
        "Enables the endpoint and settles what was held for it while disabled: sent oldest first (deliverHeld true) or CANCELLED; the counts are in `lastHeldRelease`. Held deliveries whose payload has expired are CANCELLED either way.",
      args: {
        id: t.arg.id({ required: true }),
        deliverHeld: t.arg.boolean({ defaultValue: true, description: "False drops the held deliveries (CANCELLED) instead of sending them." }),
      },
      resolve: (_query, _root, { id, deliverHeld }, ctx) =>
        enableEndpoint(ctx.services, ctx.principal.organizationId, id, deliverHeld ?? true).then(orNotFound("endpoint", id)),
    }),
    disableEndpoint: org.prismaField({
      type: "Endpoint",
      description:
        "Stops deliveries to the endpoint until it is enabled again: its pending deliveries and the events it matches meanwhile are HELD (up to the service's ENDPOINT_MAX_HELD; stats.heldOverflow counts the rest).",
      args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
      resolve: (_query, _root, { id, reason }, ctx) => disableEndpoint(ctx.services, ctx.principal.organizationId, id, reason).then(orNotFound("endpoint", id)),
    }),
  };
});
