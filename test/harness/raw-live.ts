import WebSocket from "ws";
import type { GraphQLErrorBody } from "./graphql-client.ts";

export interface Operation {
  next: unknown[];
  errors: GraphQLErrorBody[];
  complete: boolean;
}

/**
 * A graphql-ws connection driven frame by frame, as an attacker would: many operations on
 * one socket, no back-off, every server message kept by operation id.
 */
export class RawLive {
  readonly operations = new Map<string, Operation>();
  readonly closed: Promise<{ code: number; reason: string }>;
  acked = false;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
    ws.on("message", (data) => this.take(JSON.parse(String(data)) as { id?: string; type: string; payload?: any }));
  }

  /** Opens a connection and sends connection_init with the token; resolves once acknowledged or closed. */
  static async connect(graphqlUrl: string, token: string | undefined): Promise<RawLive> {
    const live = new RawLive(new WebSocket(graphqlUrl.replace(/^http/, "ws"), "graphql-transport-ws"));
    await new Promise<void>((resolve, reject) => {
      live.ws.once("open", () => resolve());
      live.ws.once("error", reject);
    });
    live.ws.send(JSON.stringify({ type: "connection_init", payload: token ? { authorization: `Bearer ${token}` } : {} }));
    await Promise.race([live.closed, new Promise<void>((resolve) => live.ws.once("message", () => resolve()))]);
    return live;
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.operations.set(id, { next: [], errors: [], complete: false });
    this.ws.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables } }));
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close(1000);
    return this.closed;
  }

  private take(message: { id?: string; type: string; payload?: any }) {
    if (message.type === "connection_ack") this.acked = true;
    const op = message.id === undefined ? undefined : this.operations.get(message.id);
    if (!op) return;
    if (message.type === "next") {
      if (message.payload?.errors) op.errors.push(...message.payload.errors);
      if (message.payload?.data) op.next.push(message.payload.data);
    } else if (message.type === "error") op.errors.push(...message.payload);
    else if (message.type === "complete") op.complete = true;
  }
}
