import { createOrganization, updateOrganization } from "../../domain/organizations.ts";
import type { EnvelopeMapping } from "../../rules/envelope-mapping.ts";
import type { RetryPolicy } from "../../rules/retry-policy.ts";
import { DEFAULT_WIRE_FORMAT, type WireFormat } from "../../rules/wire-format.ts";
import { builder } from "../builder.ts";
import { ID_ORDER, keysetConnection, pageComplexity, pageQuery } from "../connection.ts";
import { orNotFound } from "../errors.ts";
import { ApiKeyRef } from "./api-key.ts";
import { EnvelopeMappingInput, EnvelopeMappingRef } from "./envelope-mapping.ts";
import { RetryPolicyInput, RetryPolicyRef } from "./retry-policy.ts";
import { WireFormatInput, WireFormatRef } from "./wire-format.ts";

export const OrganizationRef = builder.prismaObject("Organization", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    wireFormat: t.field({
      type: WireFormatRef,
      description: "The wire format of endpoints without their own.",
      resolve: (o) => (o.wireFormat as WireFormat | null) ?? DEFAULT_WIRE_FORMAT,
    }),
    envelope: t.field({
      type: EnvelopeMappingRef,
      nullable: true,
      description: "The envelope mapping of endpoints without their own; null: the body exactly as published.",
      resolve: (o) => o.envelope as EnvelopeMapping | null,
    }),
    retryPolicy: t.field({
      type: RetryPolicyRef,
      nullable: true,
      description: "The retry policy of endpoints without their own; null: the service's schedule (`RETRY_SCHEDULE`).",
      resolve: (o) => o.retryPolicy as RetryPolicy | null,
    }),
    attemptRetentionDays: t.exposeInt("attemptRetentionDays", {
      nullable: true,
      description: "Days delivery attempts are kept before they are deleted; null: the service's `ATTEMPT_RETENTION_DAYS` (30 unless set).",
    }),
    payloadRetentionDays: t.exposeInt("payloadRetentionDays", {
      nullable: true,
      description:
        "Days event payloads are kept; then the event stays with `payloadExpired: true`. Null: the service's `PAYLOAD_RETENTION_DAYS` (30 unless set).",
    }),
    frameAncestors: t.exposeStringList("frameAncestors", {
      description: "Origins whose pages may frame this organization's console (`Content-Security-Policy: frame-ancestors`); empty: none may.",
    }),
  }),
});

const UpdateOrganizationInput = builder.inputType("UpdateOrganizationInput", {
  description: "Absent fields are left as they are; null puts wireFormat, envelope, retryPolicy or a retention back to Herald's default.",
  fields: (t) => ({
    name: t.string(),
    wireFormat: t.field({
      type: WireFormatInput,
      description: "Leaving HMAC_HEADERS is refused while an endpoint that takes this default signs with an imported secret.",
    }),
    envelope: t.field({ type: EnvelopeMappingInput }),
    retryPolicy: t.field({ type: RetryPolicyInput }),
    attemptRetentionDays: t.int({ description: "1 to 3650; null: the service default." }),
    payloadRetentionDays: t.int({ description: "1 to 3650; null: the service default." }),
    frameAncestors: t.stringList({
      description:
        "At most 20 origins (scheme://host[:port]; https, or http for localhost and 127.0.0.1) whose pages may embed the console; null or [] allows none.",
    }),
  }),
});

builder.mutationField("updateOrganization", (t) =>
  t.withAuth({ apiKey: true }).prismaField({
    type: "Organization",
    description:
      "Renames the caller's organization, sets the webhook contract its endpoints inherit (so a platform sets its contract once), how long its attempts and payloads are kept, or which origins may frame its console. Only an API key may: a portal session gets FORBIDDEN.",
    args: { input: t.arg({ type: UpdateOrganizationInput, required: true }) },
    resolve: (_query, _root, { input }, ctx) =>
      updateOrganization(ctx.services, ctx.principal.organizationId, input).then(orNotFound("organization", ctx.principal.organizationId)),
  }),
);

const CreateOrganizationInput = builder.inputType("CreateOrganizationInput", {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

type CreateOrganizationResult = Awaited<ReturnType<typeof createOrganization>>;

const CreateOrganizationPayload = builder.objectRef<CreateOrganizationResult>("CreateOrganizationPayload").implement({
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, resolve: (p) => p.organization }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
    token: t.exposeString("token", { description: "The API key's token. It is shown only here: store it now." }),
  }),
});

builder.mutationField("createOrganization", (t) =>
  t.withAuth({ admin: true }).field({
    type: CreateOrganizationPayload,
    description: "Creates a tenant and its first API key. Requires ADMIN_TOKEN.",
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    resolve: (_root, { input }, ctx) => createOrganization(ctx.services, input),
  }),
);

builder.queryField("organizations", (t) =>
  t.withAuth({ admin: true }).connection(
    {
      type: OrganizationRef,
      description: "Every organization, newest first. Requires ADMIN_TOKEN.",
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) =>
        keysetConnection(ctx, info, args, ID_ORDER, (page) => ctx.services.db.prisma.organization.findMany(pageQuery({}, page))),
    },
    { name: "OrganizationConnection" },
    { name: "OrganizationEdge" },
  ),
);
