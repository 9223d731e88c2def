import {
  currentEndpointSecret,
  DEFAULT_ROTATION_GRACE_SECONDS,
  MAX_ROTATION_GRACE_SECONDS,
  rotateEndpointSecret,
  type Rotation,
} from "../../domain/endpoint-secrets.ts";
import { MAX_VALID_SECRETS } from "../../rules/secret-rotation.ts";
import { createEndpoint, deleteEndpoint, disableEndpoint, enableEndpoint, endpointStats, updateEndpoint, type EndpointStats } from "../../domain/endpoints.ts";
import type { Endpoint } from "../../db/client.ts";
import { EndpointStatus } from "../../generated/prisma/enums.ts";
import { requireOrg } from "../auth.ts";
import { requestBatcher } from "../batch.ts";
import { builder } from "../builder.ts";
import type { Context } from "../context.ts";
import { orNotFound, withDomainErrors } from "../errors.ts";
import { ID_ORDER, keysetConnection, pageComplexity } from "../connection.ts";
import { deliveriesOf, DeliveryConnection } from "./delivery.ts";

const EndpointStatusEnum = builder.enumType(EndpointStatus, { name: "EndpointStatus" });

const EndpointStatsRef = builder.objectRef<EndpointStats>("EndpointStats").implement({
  description: "Delivery counts over the endpoint's whole log.",
  fields: (t) => ({
    succeeded: t.exposeInt("succeeded"),
    failed: t.exposeInt("failed"),
    pending: t.exposeInt("pending"),
    successRate: t.exposeFloat("successRate", { nullable: true, description: "succeeded / (succeeded + failed); null until a delivery finished." }),
  }),
});

const loadStats = requestBatcher<Context, EndpointStats>((ctx, ids) => endpointStats(ctx.services, ids));

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
    retrySchedule: t.exposeIntList("retrySchedule", { description: "Seconds between attempts after the first; empty means the service default." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true }),
    deliveries: t.connection(deliveriesOf<Endpoint>("endpoint"), DeliveryConnection),
    // One aggregate over the endpoint's whole log.
    stats: t.field({ type: EndpointStatsRef, complexity: 10, resolve: (endpoint, _args, ctx) => loadStats(ctx, endpoint.id) }),
  }),
});

const EndpointSecretRef = builder.objectRef<{ id: string; key: string }>("EndpointSecret").implement({
  description: "A key deliveries to the endpoint are signed with (Standard Webhooks `v1,` HMAC-SHA256).",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Names the secret in a rotation's `expiredEarly`; not secret itself." }),
    key: t.exposeString("key", { description: "The signing secret, `whsec_` + base64 of the key bytes." }),
  }),
});

const ExpiredEndpointSecretRef = builder.objectRef<Rotation["expiredEarly"][number]>("ExpiredEndpointSecret").implement({
  description: `A secret whose grace period a rotation ended early: at most ${MAX_VALID_SECRETS} secrets sign at once.`,
  fields: (t) => ({
    id: t.exposeID("id", { description: "The `id` the secret had as an `EndpointSecret`." }),
    expiredAt: t.expose("expiredAt", { type: "DateTime", description: "When it stopped signing: the time of the rotation." }),
    graceWasUntil: t.expose("graceWasUntil", { type: "DateTime", description: "When its grace period would otherwise have ended." }),
  }),
});

const RotateEndpointSecretPayloadRef = builder.objectRef<Rotation>("RotateEndpointSecretPayload").implement({
  description: "The new current secret, and the older ones the rotation stopped to make room for it.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The new secret's id." }),
    key: t.exposeString("key", { description: "The new signing secret, `whsec_` + base64 of the key bytes." }),
    expiredEarly: t.expose("expiredEarly", {
      type: [ExpiredEndpointSecretRef],
      description: `Secrets that stopped signing at once, because the new one and the two in grace longest make ${MAX_VALID_SECRETS}. Empty when none did.`,
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
    retrySchedule: t.intList({ description: "Seconds between attempts after the first (1–604800 each, at most 20)." }),
    secret: t.string({ description: "`whsec_` + base64 of 24–64 bytes; generated when absent." }),
  }),
});

const UpdateEndpointInput = builder.inputType("UpdateEndpointInput", {
  description: "Absent fields are left as they are; null clears description, headers, rateLimitPerSecond and retrySchedule.",
  fields: (t) => ({
    url: t.string(),
    description: t.string(),
    eventTypes: t.stringList(),
    enabled: t.boolean(),
    headers: t.field({ type: "JSON" }),
    rateLimitPerSecond: t.int(),
    retrySchedule: t.intList(),
    secret: t.string({
      description: "`whsec_` + base64 of 24–64 bytes. Becomes the only signing secret at once: older ones stop signing, even during a rotation's grace period.",
    }),
  }),
});

builder.queryFields((t) => ({
  endpoint: t.prismaField({
    type: "Endpoint",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.services.db.prisma.endpoint.findFirst({ ...query, where: { id, organizationId: requireOrg(ctx), deletedAt: null } }).then(orNotFound("endpoint", id)),
  }),
  endpoints: t.connection(
    {
      type: EndpointRef,
      description: "Newest first; deleted endpoints are left out.",
      args: { status: t.arg({ type: EndpointStatusEnum }) },
      complexity: pageComplexity,
      resolve: (_root, { status, ...args }, ctx, info) => {
        const filter = { organizationId: requireOrg(ctx), deletedAt: null, ...(status != null && { status }) };
        return keysetConnection(ctx, info, args, ID_ORDER, (page) =>
          ctx.services.db.prisma.endpoint.findMany({ ...page.query, where: { AND: [filter, page.where] }, orderBy: page.orderBy, take: page.take }),
        );
      },
    },
    { name: "EndpointConnection" },
    { name: "EndpointEdge" },
  ),
  endpointSecret: t.field({
    type: EndpointSecretRef,
    description: "The endpoint's current signing secret.",
    args: { endpointId: t.arg.id({ required: true }) },
    resolve: (_root, { endpointId }, ctx) => currentEndpointSecret(ctx.services, requireOrg(ctx), endpointId).then(orNotFound("endpoint", endpointId)),
  }),
}));

builder.mutationFields((t) => ({
  createEndpoint: t.prismaField({
    type: "Endpoint",
    args: { input: t.arg({ type: CreateEndpointInput, required: true }) },
    resolve: (_query, _root, { input }, ctx) => {
      const organizationId = requireOrg(ctx);
      return withDomainErrors(() => createEndpoint(ctx.services, organizationId, input));
    },
  }),
  updateEndpoint: t.prismaField({
    type: "Endpoint",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateEndpointInput, required: true }) },
    resolve: (_query, _root, { id, input }, ctx) => {
      const organizationId = requireOrg(ctx);
      return withDomainErrors(() => updateEndpoint(ctx.services, organizationId, id, input)).then(orNotFound("endpoint", id));
    },
  }),
  deleteEndpoint: t.prismaField({
    type: "Endpoint",
    description: "Stops deliveries to the endpoint and cancels its pending ones; its delivery log stays readable.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, { id }, ctx) => deleteEndpoint(ctx.services, requireOrg(ctx), id).then(orNotFound("endpoint", id)),
  }),
  enableEndpoint: t.prismaField({
    type: "Endpoint",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, { id }, ctx) => enableEndpoint(ctx.services, requireOrg(ctx), id).then(orNotFound("endpoint", id)),
  }),
  disableEndpoint: t.prismaField({
    type: "Endpoint",
    description: "Stops deliveries to the endpoint and cancels its pending ones until it is enabled again.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    resolve: (_query, _root, { id, reason }, ctx) => {
      const organizationId = requireOrg(ctx);
      return withDomainErrors(() => disableEndpoint(ctx.services, organizationId, id, reason)).then(orNotFound("endpoint", id));
    },
  }),
  rotateEndpointSecret: t.field({
    type: RotateEndpointSecretPayloadRef,
    description: `Makes a new signing secret; older ones keep signing alongside it for \`graceSeconds\`, at most ${MAX_VALID_SECRETS} at once (see \`expiredEarly\`).`,
    args: {
      id: t.arg.id({ required: true }),
      graceSeconds: t.arg.int({ defaultValue: DEFAULT_ROTATION_GRACE_SECONDS, description: `0 to ${MAX_ROTATION_GRACE_SECONDS} (7 days).` }),
      secret: t.arg.string({ description: "`whsec_` + base64 of 24–64 bytes; generated when absent." }),
    },
    resolve: (_root, { id, graceSeconds, secret }, ctx) => {
      const organizationId = requireOrg(ctx);
      return withDomainErrors(() => rotateEndpointSecret(ctx.services, organizationId, id, { graceSeconds, secret })).then(orNotFound("endpoint", id));
    },
  }),
}));
