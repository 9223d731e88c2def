// Messages between the bench and its receiver process (Node IPC).

export type ReceiverMode = "ok" | "hang" | "fail";

/** How the receiver verifies a key's requests: Standard Webhooks, or one of the platform contracts of src/infra/contract-receivers.ts. */
export type ReceiverContract = "standard" | "fanfare" | "venue" | "comps" | "svix";

export interface ReceiverKey {
  /** The path is /v/<name>. */
  name: string;
  /** whsec_…, or the secret as a contract's receiver holds it (imported). */
  secret: string;
  mode: ReceiverMode;
  /** Standard Webhooks when absent. */
  contract?: ReceiverContract;
  /** Record publish→receive latency from `data.sentAt` in the body. */
  trackLatency?: boolean;
  /** Count repeated webhook-ids. */
  trackDuplicates?: boolean;
}

export interface ReceiverStats {
  /** Verified requests per key name. */
  received: Record<string, number>;
  verified: number;
  badSignature: number;
  unknownKey: number;
  /** Requests also verified by the reference receiver: the unmodified `standardwebhooks` package, or the contract's from src/infra/contract-receivers.ts. */
  sampledWithLibrary: number;
  libraryDisagreed: number;
  duplicates: number;
  bare: number;
}

export type ReceiverCommand =
  | { type: "listen"; seq: number; ports: number }
  | { type: "keys"; seq: number; keys: ReceiverKey[] }
  | { type: "stats"; seq: number; reset?: boolean; takeLatencies?: boolean }
  | { type: "drop-hanging"; seq: number };

export type ReceiverReply =
  | { type: "ready"; seq: 0 }
  | { type: "ok"; seq: number }
  | { type: "listening"; seq: number; ports: number[] }
  | { type: "stats"; seq: number; stats: ReceiverStats; latencies: number[] };
