// The CommonJS entry, the graphql that yoga and Pothos load (see use-shared-subscription-results.ts).
import { NoSchemaIntrospectionCustomRule, type ASTVisitor, type GraphQLError, type ValidationContext } from "graphql/index.js";
import type { Plugin } from "graphql-yoga";
import { forbidden } from "../graphql/errors.ts";

/**
 * graphql's rule, its refusals carrying FORBIDDEN like Herald's other refusals. Only
 * `__schema` and `__type` are refused: `__typename` is part of ordinary queries.
 */
function introspectionRule(context: ValidationContext): ASTVisitor {
  const coded = Object.create(context) as ValidationContext;
  coded.reportError = (error: GraphQLError) => context.reportError(forbidden(error.message, error.nodes));
  return NoSchemaIntrospectionCustomRule(coded);
}

/** Schema introspection off (GRAPHQL_INTROSPECTION=false): as a validation rule, so HTTP and graphql-ws alike. */
export function useIntrospectionOff(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(introspectionRule);
    },
  };
}
