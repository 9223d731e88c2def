import { Kind } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { builder } from "../builder.ts";

// Built by graphql-yoga so the error is an instance of the GraphQLError class that executes
// the schema, whichever copy of graphql this file was loaded with; otherwise it is masked.
const invalidDateTime = () => createGraphQLError("DateTime must be an ISO-8601 string", { extensions: { code: "BAD_USER_INPUT" } });

builder.scalarType("DateTime", {
  description: "An ISO-8601 instant, e.g. 2024-12-01T09:20:00.000Z",
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: (v) => {
    const d = typeof v === "string" ? new Date(v) : null;
    if (!d || Number.isNaN(d.getTime())) throw invalidDateTime();
    return d;
  },
  parseLiteral: (ast) => {
    const d = ast.kind === Kind.STRING ? new Date(ast.value) : null;
    if (!d || Number.isNaN(d.getTime())) throw invalidDateTime();
    return d;
  },
});

builder.scalarType("JSON", {
  description: "Any JSON value",
  serialize: (v) => v,
  parseValue: (v) => v,
});
