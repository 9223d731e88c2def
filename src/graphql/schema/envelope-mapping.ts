import type { EnvelopeMapping } from "../../rules/envelope-mapping.ts";
import { builder } from "../builder.ts";

const FIELD_RULE = "A letter or `_` first, then A-Za-z0-9_-, at most 64 characters.";

export const EnvelopeMappingRef = builder.objectRef<EnvelopeMapping>("EnvelopeMapping").implement({
  description:
    "The envelope under a platform's field names: the body is compact JSON with these fields in this order (id, type, timestamp, data, organizationId), a null one left out.",
  fields: (t) => ({
    idField: t.exposeString("idField", { nullable: true }),
    typeField: t.exposeString("typeField", { nullable: true }),
    timestampField: t.exposeString("timestampField", { nullable: true }),
    dataField: t.exposeString("dataField", { nullable: true }),
    organizationIdField: t.exposeString("organizationIdField", { nullable: true }),
  }),
});

export const EnvelopeMappingInput = builder.inputType("EnvelopeMappingInput", {
  description: `Field names only; a null or absent field is left out of the body, except idField, typeField and dataField, which are required. ${FIELD_RULE} E.g. \`{idField: "id", typeField: "event", dataField: "payload"}\` sends \`{"id":…,"event":…,"payload":…}\`.`,
  fields: (t) => ({
    idField: t.string(),
    typeField: t.string(),
    timestampField: t.string(),
    dataField: t.string(),
    organizationIdField: t.string(),
  }),
});
