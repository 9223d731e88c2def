import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { eventually, GiveUp } from "./wait.ts";

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; issues?: { path: string[]; message: string }[] } & Record<string, unknown>;
}

export interface GraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

// Operations without variables take none; the rest require theirs.
type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

/** POSTs typed documents (test/generated) to Herald's /graphql with a Bearer token. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  as(token: string | undefined): GraphQLClient {
    return new GraphQLClient(this.url, token);
  }

  /** The whole response, errors included; for tests that expect failures. */
  async execute<T, V>(document: TypedDocumentNode<T, V>, ...[variables]: VariablesArg<V>): Promise<GraphQLResult<T>> {
    const res = await fetch(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...(this.token && { authorization: `Bearer ${this.token}` }),
      },
      body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
    });
    const body = (await res.json()) as { data?: T | null; errors?: GraphQLErrorBody[] };
    return { status: res.status, ...body };
  }

  /** The data of a call that must succeed; any GraphQL error fails the test with its code and message. */
  async request<T, V>(document: TypedDocumentNode<T, V>, ...variables: VariablesArg<V>): Promise<T> {
    const result = await this.execute(document, ...variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL call failed (HTTP ${result.status}): ${JSON.stringify(result.errors ?? result)}`);
    }
    return result.data;
  }

  /** The single error of a call that must fail, checked to carry `code`. */
  async fail<T, V>(code: string, document: TypedDocumentNode<T, V>, ...variables: VariablesArg<V>): Promise<GraphQLErrorBody> {
    const result = await this.execute(document, ...variables);
    const error = result.errors?.[0];
    if (!error) throw new Error(`expected ${code}, got data ${JSON.stringify(result.data)}`);
    if (error.extensions?.code !== code) throw new Error(`expected ${code}, got ${JSON.stringify(result.errors)}`);
    return error;
  }
}

export interface LiveFeed<T> {
  /** Payloads received so far. */
  readonly received: T[];
  /** Set when the server refused or ended the subscription with errors. */
  readonly errors: GraphQLErrorBody[];
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves once `predicate` holds over the payloads received so far. */
  until(predicate: (received: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  /** Resolves with the first error of a subscription that must fail. */
  failure(timeoutMs?: number): Promise<GraphQLErrorBody>;
  close(): Promise<void>;
}

/** graphql-ws subscriptions with the same typed documents, authenticated by connectionParams. */
export class LiveClient {
  private client: Client;
  private socket: WebSocket | undefined;

  constructor(url: string, token?: string) {
    const live = this;
    this.client = createClient({
      url: url.replace(/^http/, "ws"),
      // Kept so that `pause` can reach the socket graphql-ws opens.
      webSocketImpl: class extends WebSocket {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          live.socket = this;
        }
      },
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: false,
      // Refusals reach each subscription's error sink; the default would also print them.
      onNonLazyError: () => {},
    });
  }

  subscribe<T, V>(document: TypedDocumentNode<T, V>, ...[variables]: VariablesArg<V>): LiveFeed<T> {
    const received: T[] = [];
    const errors: GraphQLErrorBody[] = [];
    const unsubscribe = this.client.subscribe<T>(
      { query: print(document), variables: (variables ?? {}) as Record<string, unknown> },
      {
        next: (result) => {
          if (result.errors) errors.push(...(result.errors as GraphQLErrorBody[]));
          if (result.data) received.push(result.data as T);
        },
        error: (err) => {
          if (Array.isArray(err)) errors.push(...(err as GraphQLErrorBody[]));
          else if (err && typeof err === "object" && "code" in err) {
            // The server closed the socket (graphql-ws close codes: 4403 Forbidden, …).
            const close = err as { code: number; reason?: string };
            errors.push({ message: `closed ${close.code} ${close.reason ?? ""}`.trim(), extensions: { closeCode: close.code } });
          } else errors.push({ message: String(err) });
        },
        complete: () => {},
      },
    );
    const until = (predicate: (received: T[]) => boolean, timeoutMs = 15_000) =>
      eventually(
        () => `the subscription's condition (${received.length} payloads)`,
        () => {
          if (predicate(received)) return received;
          if (errors.length > 0) throw new GiveUp(`subscription failed: ${JSON.stringify(errors)}`);
        },
        timeoutMs,
        20,
      );
    return {
      received,
      errors,
      until,
      waitFor: (count, timeoutMs) => until((r) => r.length >= count, timeoutMs),
      failure: (timeoutMs = 5_000) =>
        eventually(
          () => `the subscription to fail (${received.length} payloads)`,
          () => errors[0],
          timeoutMs,
          20,
        ),
      async close() {
        unsubscribe();
      },
    };
  }

  /**
   * Stops reading from the connection, as a client too busy to keep up would: what the
   * server sends piles up in the TCP buffers, then in the server's queue for each of its
   * subscriptions. Only once connected (a subscription has been registered).
   */
  pause(): void {
    if (this.socket?.readyState !== WebSocket.OPEN) throw new Error("pause: the connection is not open");
    this.socket.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
