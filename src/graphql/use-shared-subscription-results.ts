// The CommonJS entry, which is what yoga and Pothos load: under vitest a bare "graphql" in
// a source file would load the ESM build, a second graphql that rejects their schema.
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from "graphql/index.js";
import type { Plugin } from "graphql-yoga";
import type { Context } from "./context.ts";

type Shared = ExecutionResult | Promise<ExecutionResult>;

/**
 * Subscriptions whose source streams hand every subscriber of one process the same notice
 * object (one parsed pub/sub message) execute each notice once per shape instead of once
 * per subscriber: graphql-js would otherwise run the same selection set, and load the same
 * relations, a thousand times for a thousand dashboards.
 *
 * Each subscriber still opens its own source stream with its own context (tenancy,
 * filters, resume, the slow-subscriber cut-off), and envelop's per-result hooks (error
 * masking, metrics) still run for each subscriber on the shared result.
 *
 * The rule that makes sharing safe: a shape is (document, operation, variables,
 * organization), so the result is executed with the context of whichever subscriber of
 * that shape gets the notice first. That holds only while no field reachable from a
 * subscription reads more of the caller than its organization (the `org` scope, auth.ts) —
 * a field depending on the API key or on ADMIN_TOKEN must first become part of `shapeOf`.
 */
export function useSharedSubscriptionResults(): Plugin<Context> {
  const byNotice = new WeakMap<object, Map<string, Shared>>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let documents = 0;

  // The parse cache hands equal query strings the same DocumentNode, so identity is enough
  // for subscribers of the same query to share.
  function shapeOf(args: ExecutionArgs): string {
    let documentId = documentIds.get(args.document);
    if (documentId === undefined) documentIds.set(args.document, (documentId = documents++));
    // Only a subscription the `org` scope admitted has a source stream, so its caller has a principal.
    const organizationId = (args.contextValue as Context).principal?.organizationId ?? null;
    return JSON.stringify([documentId, args.operationName ?? null, organizationId, args.variableValues ?? {}]);
  }

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const shape = shapeOf(args);
        return new SharedResults(source[Symbol.asyncIterator]() as AsyncIterator<object>, (notice) => {
          let shared = byNotice.get(notice);
          if (!shared) byNotice.set(notice, (shared = new Map()));
          let result = shared.get(shape);
          if (!result) shared.set(shape, (result = execute({ ...args, rootValue: notice })));
          return result;
        });
      });
    },
  };
}

/** A subscriber's results: its notices mapped to shared results; ending it ends the source at once. */
class SharedResults implements AsyncGenerator<ExecutionResult, void, void> {
  constructor(
    private readonly source: AsyncIterator<object>,
    private readonly resultFor: (notice: object) => Shared,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult, void>> {
    const step = await this.source.next();
    if (step.done) return { done: true, value: undefined };
    return { done: false, value: await this.resultFor(step.value) };
  }

  async return(): Promise<IteratorResult<ExecutionResult, void>> {
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  async throw(err: unknown): Promise<IteratorResult<ExecutionResult, void>> {
    await this.source.return?.();
    throw err;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  // Node 24's AsyncGenerator is disposable (`await using`): disposing ends the source too.
  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
