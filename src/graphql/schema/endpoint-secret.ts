import {
  DEFAULT_ROTATION_GRACE_SECONDS,
  endpointSecrets,
  MAX_ROTATION_GRACE_SECONDS,
  rotateEndpointSecret,
  type Rotation,
  type SecretView,
} from "../../domain/endpoint-secrets.ts";
import { SecretKind } from "../../generated/prisma/enums.ts";
import { MAX_VALID_SECRETS } from "../../rules/secret-rotation.ts";
import { builder } from "../builder.ts";
import { orNotFound } from "../errors.ts";
import { SECRET_INPUT } from "./endpoint.ts";

const SecretKindEnum = builder.enumType(SecretKind, {
  name: "SecretKind",
  values: {
    WHSEC: { description: "`whsec_` + base64: Standard Webhooks and Svix key their HMAC with the decoded bytes, HMAC_HEADERS with the string itself." },
    RAW: { description: "Imported as it is: its UTF-8 bytes are the HMAC key; signs only with the HMAC_HEADERS wire format." },
    ED25519: { description: "An ed25519 key pair (signatureScheme ED25519): Herald keeps the private key, `key` is the `whpk_` public key." },
  },
});

type EndpointSecretShape = SecretView & { inGrace?: SecretView[] };

const EndpointSecretRef = builder.objectRef<EndpointSecretShape>("EndpointSecret");

EndpointSecretRef.implement({
  description:
    "A key deliveries to the endpoint are signed with. Standard Webhooks and Svix send one signature per valid secret; a format with one signature header (HMAC_HEADERS) signs with the current secret only, so during a rotation's grace period its receivers must already hold the new one.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Names the secret in a rotation's `expiredEarly`; not secret itself." }),
    key: t.exposeString("key", {
      description:
        "What receivers hold to verify: the signing secret exactly (`whsec_…`, or an imported secret as it was given), or with ED25519 the public key `whpk_<base64>`, never the private one.",
    }),
    kind: t.field({ type: SecretKindEnum, resolve: (s) => s.kind }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true, description: "Null for the current secret; else when its grace period ends." }),
    inGrace: t.field({
      type: [EndpointSecretRef],
      description: "Older secrets still valid in a rotation's grace period, newest first; always empty on those secrets themselves.",
      resolve: (s) => s.inGrace ?? [],
    }),
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
    key: t.exposeString("key", { description: "The new signing secret exactly as receivers hold it; with ED25519 the new public key `whpk_…`." }),
    expiredEarly: t.expose("expiredEarly", {
      type: [ExpiredEndpointSecretRef],
      description: `Secrets that stopped signing at once, because the new one and the two in grace longest make ${MAX_VALID_SECRETS}. Empty when none did.`,
    }),
  }),
});

builder.queryField("endpointSecret", (t) =>
  t.withAuth({ org: true }).field({
    type: EndpointSecretRef,
    description: "The endpoint's current signing secret, with the older ones still in a rotation's grace period (`inGrace`).",
    args: { endpointId: t.arg.id({ required: true }) },
    resolve: (_root, { endpointId }, ctx) => endpointSecrets(ctx.services, ctx.principal.organizationId, endpointId).then(orNotFound("endpoint", endpointId)),
  }),
);

builder.mutationField("rotateEndpointSecret", (t) =>
  t.withAuth({ org: true }).field({
    type: RotateEndpointSecretPayloadRef,
    description: `Makes a new signing secret; older ones keep signing alongside it for \`graceSeconds\`, at most ${MAX_VALID_SECRETS} at once (see \`expiredEarly\`). The new key is of the endpoint's signatureScheme (with ED25519 a new key pair, one \`v1a,\` signature per valid key). With a single-signature wire format (HMAC_HEADERS) only the new secret signs from now on; the older ones stay listed in \`endpointSecret.inGrace\` until their grace period ends.`,
    args: {
      id: t.arg.id({ required: true }),
      graceSeconds: t.arg.int({ defaultValue: DEFAULT_ROTATION_GRACE_SECONDS, description: `0 to ${MAX_ROTATION_GRACE_SECONDS} (7 days).` }),
      secret: t.arg.string({ description: SECRET_INPUT }),
    },
    resolve: (_root, { id, graceSeconds, secret }, ctx) =>
      rotateEndpointSecret(ctx.services, ctx.principal.organizationId, id, { graceSeconds, secret }).then(orNotFound("endpoint", id)),
  }),
);
