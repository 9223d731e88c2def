// Messages between the bench and its receiver process (Node IPC).

export type ReceiverMode = "ok" | "hang" | "fail";

export interface ReceiverKey {
  /** The path is /v/<name>. */
  name: string;
  /** whsec_… */
  secret: string;
  mode: ReceiverMode;
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
  /** Requests also verified with the unmodified `standardwebhooks` package. */
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
