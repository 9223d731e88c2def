import { CreateEndpointDocument, PublishEventDocument } from "../generated/graphql.ts";
import { GraphQLClient } from "./graphql-client.ts";
import { createTestOrg, type TestOrg } from "./orgs.ts";

/** An organization with one endpoint per receiver URL, made through a Herald's GraphQL API. */
export async function orgWithEndpoints(baseUrl: string, urls: string[]): Promise<TestOrg> {
  const org = await createTestOrg(`${baseUrl}/graphql`, "Load");
  for (const url of urls) await org.client.request(CreateEndpointDocument, { input: { url, eventTypes: ["*"] } });
  return org;
}

export interface PublishRun {
  /** Ids whose publishEvent call returned the event: Herald promised to deliver these. */
  accepted: string[];
  /** Calls that failed (an error or a dropped connection): no promise was made. */
  failed: number;
  /** When each failed call ended (ms since the epoch): outages show as a span of these. */
  failedAt: number[];
  /** Failed calls by their error's `extensions.code` (`NO_ANSWER`: the connection failed). */
  failureCodes: Record<string, number>;
  done: Promise<void>;
}

/**
 * Calls publishEvent (type `load.test`) for each id, `concurrency` at a time. A lane that
 * saw a failure waits `pauseAfterFailureMs`, so an outage costs a bounded number of calls
 * rather than the whole id list.
 */
export function publishMany(
  graphqlUrl: string,
  token: string,
  ids: readonly string[],
  opts: { concurrency?: number; pauseAfterFailureMs?: number } = {},
): PublishRun {
  const { concurrency = 20, pauseAfterFailureMs = 0 } = opts;
  const client = new GraphQLClient(graphqlUrl, token);
  const run: PublishRun = { accepted: [], failed: 0, failedAt: [], failureCodes: {}, done: Promise.resolve() };
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      let code = "NO_ANSWER";
      try {
        const result = await client.execute(PublishEventDocument, { input: { id, type: "load.test", data: { id } } });
        if (result.data?.publishEvent?.id === id && !result.errors?.length) {
          run.accepted.push(id);
          continue;
        }
        code = String(result.errors?.[0]?.extensions?.code ?? "NONE");
      } catch {
        // A dropped connection is a failed call like any other.
      }
      run.failureCodes[code] = (run.failureCodes[code] ?? 0) + 1;
      run.failed++;
      run.failedAt.push(Date.now());
      if (pauseAfterFailureMs > 0) await new Promise((r) => setTimeout(r, pauseAfterFailureMs));
    }
  };
  run.done = Promise.all(Array.from({ length: concurrency }, lane)).then(() => undefined);
  return run;
}
