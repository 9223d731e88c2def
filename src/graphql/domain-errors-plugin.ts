import SchemaBuilder, { BasePlugin, isThenable, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import type { GraphQLFieldResolver } from "graphql";
import type { Context } from "./context.ts";
import { codedError } from "./errors.ts";

// Domain calls happen only in the resolvers of queries and mutations and in the subscribe of
// subscriptions, so only those are wrapped: nothing is added to the fields of a page's rows
// or to the resolving of a subscription's notices.
const CALLS_DOMAIN: ReadonlySet<string> = new Set(["Query", "Mutation"]);

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types["Context"], object>;

function withCodedErrors<Types extends SchemaTypes>(resolve: Resolver<Types>): Resolver<Types> {
  return (parent, args, ctx, info) => {
    const { requestId } = ctx as Context;
    try {
      const result: unknown = resolve(parent, args, ctx, info);
      return isThenable(result) ? Promise.resolve(result).catch((err: unknown) => Promise.reject(codedError(err, requestId))) : result;
    } catch (err) {
      throw codedError(err, requestId);
    }
  };
}

/** Gives the errors domain functions throw on purpose their `extensions.code` (errors.ts), wherever a field calls the domain. */
export class DomainErrorsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolve: Resolver<Types>, field: PothosOutputFieldConfig<Types>): Resolver<Types> {
    return CALLS_DOMAIN.has(field.kind) ? withCodedErrors(resolve) : resolve;
  }

  override wrapSubscribe(subscribe: Resolver<Types> | undefined, field: PothosOutputFieldConfig<Types>): Resolver<Types> | undefined {
    return subscribe && field.kind === "Subscription" ? withCodedErrors(subscribe) : subscribe;
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      domainErrors: DomainErrorsPlugin<Types>;
    }
  }
}

export const domainErrorsPlugin = "domainErrors";
SchemaBuilder.registerPlugin(domainErrorsPlugin, DomainErrorsPlugin);
