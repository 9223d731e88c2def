import {
  currentEndpointSecret,
  DEFAULT_ROTATION_GRACE_SECONDS,
  MAX_ROTATION_GRACE_SECONDS,
  rotateEndpointSecret,
  type Rotation,
} from "../../domain/endpoint-secrets.ts";
import { MAX_VALID_SECRETS } from "../../rules/secret-rotation.ts";
import { builder } from "../builder.ts";
import { orNotFound } from "../errors.ts";

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

builder.queryField("endpointSecret", (t) =>
  t.withAuth({ org: true }).field({
    type: EndpointSecretRef,
    description: "The endpoint's current signing secret.",
    args: { endpointId: t.arg.id({ required: true }) },
    resolve: (_root, { endpointId }, ctx) =>
      currentEndpointSecret(ctx.services, ctx.principal.organizationId, endpointId).then(orNotFound("endpoint", endpointId)),
  }),
);

builder.mutationField("rotateEndpointSecret", (t) =>
  t.withAuth({ org: true }).field({
    type: RotateEndpointSecretPayloadRef,
    description: `Makes a new signing secret; older ones keep signing alongside it for \`graceSeconds\`, at most ${MAX_VALID_SECRETS} at once (see \`expiredEarly\`).`,
    args: {
      id: t.arg.id({ required: true }),
      graceSeconds: t.arg.int({ defaultValue: DEFAULT_ROTATION_GRACE_SECONDS, description: `0 to ${MAX_ROTATION_GRACE_SECONDS} (7 days).` }),
      secret: t.arg.string({ description: "`whsec_` + base64 of 24–64 bytes; generated when absent." }),
    },
    resolve: (_root, { id, graceSeconds, secret }, ctx) =>
      rotateEndpointSecret(ctx.services, ctx.principal.organizationId, id, { graceSeconds, secret }).then(orNotFound("endpoint", id)),
  }),
);
