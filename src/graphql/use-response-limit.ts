import { createGraphQLError, isAsyncIterable, type Plugin } from "graphql-yoga";

/** The bytes one more result would bring its request to, and whether that is over `maxBytes`. */
export function responseVerdict(resultBytes: number, sentBefore: number, maxBytes: number): { total: number; over: boolean } {
  const total = sentBefore + resultBytes;
  return { total, over: total > maxBytes };
}

/**
 * Replaces a result larger than `maxBytes` (counting the results of a batch together) with a
 * RESPONSE_TOO_LARGE error, so no request makes the process build and send hundreds of
 * megabytes. The query cost bounds how large a result can get before it is measured here.
 */
export function useResponseLimit(maxBytes: number): Plugin {
  const sentByRequest = new WeakMap<object, number>();
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: object }).request;
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const bytes = Buffer.byteLength(JSON.stringify(result));
          const verdict = responseVerdict(bytes, request ? (sentByRequest.get(request) ?? 0) : 0, maxBytes);
          if (!verdict.over) {
            if (request) sentByRequest.set(request, verdict.total);
            return;
          }
          const message = `the response would be ${verdict.total} bytes, over the limit of ${maxBytes}: ask for fewer items or fields`;
          setResult({
            data: null,
            errors: [createGraphQLError(message, { extensions: { code: "RESPONSE_TOO_LARGE", limit: "maxResponseBytes", max: maxBytes } })],
          });
        },
      };
    },
  };
}
