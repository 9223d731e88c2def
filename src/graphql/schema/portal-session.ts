import { type CreatedPortalSession, createPortalSession } from "../../domain/portal-sessions.ts";
import { PORTAL_SESSION_SECONDS } from "../../rules/portal-tokens.ts";
import { builder } from "../builder.ts";

const CreatePortalSessionInput = builder.inputType("CreatePortalSessionInput", {
  fields: (t) => ({
    expiresInSeconds: t.int({
      defaultValue: PORTAL_SESSION_SECONDS.default,
      description: `How long the link works: ${PORTAL_SESSION_SECONDS.min} to ${PORTAL_SESSION_SECONDS.max} seconds.`,
    }),
    readOnly: t.boolean({ defaultValue: false, description: "True: the session may read and watch, and every mutation is refused (FORBIDDEN)." }),
  }),
});

const CreatePortalSessionPayload = builder.objectRef<CreatedPortalSession>("CreatePortalSessionPayload").implement({
  fields: (t) => ({
    token: t.exposeString("token", {
      description:
        "The session's credential (`hps_…`), usable as `Authorization: Bearer` and graphql-ws `authorization`. Shown only here; Herald keeps its hash.",
    }),
    url: t.exposeString("url", {
      description: "The console opened with this session: `<PUBLIC_URL>/console?organization=<id>#portal=<token>`. Put it in an iframe.",
    }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    readOnly: t.exposeBoolean("readOnly"),
  }),
});

builder.mutationField("createPortalSession", (t) =>
  t.withAuth({ apiKey: true }).field({
    type: CreatePortalSessionPayload,
    description:
      "A short-lived console link for the caller's organization, to embed for one of the platform's customers. Only an API key may create one: a portal session gets FORBIDDEN.",
    args: { input: t.arg({ type: CreatePortalSessionInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const origin = ctx.services.config.PUBLIC_URL ?? ctx.requestOrigin ?? "";
      return createPortalSession(ctx.services, ctx.principal.organizationId, input, origin);
    },
  }),
);
