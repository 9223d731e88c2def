import type { Infra } from "./infra.ts";
import type { Receiver } from "./receiver-client.ts";

export const SCENARIOS = ["ceiling", "throughput", "cluster", "latency", "isolation", "fanout", "backlog", "pagination"] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface Options {
  scenarios: ScenarioId[];
  quick: boolean;
  /** Events per measured repetition (throughput, isolation). */
  events: number;
  /** Events sent (and not measured) before the repetitions of a fresh set of workers. */
  warmup: number;
  reps: number;
  /** Worker process counts for the throughput scenario. */
  workerCounts: number[];
  endpoints: number;
  bodyBytes: number;
  /** Ceiling loop: seconds per repetition. */
  ceilingSeconds: number;
  /** Requests in flight (= DELIVERY_CONCURRENCY of a worker) and per origin (= ENDPOINT_MAX_IN_FLIGHT). */
  concurrency: number;
  perEndpoint: number;
  /** Latency scenario: seconds at `rate` deliveries/s. */
  duration: number;
  rate: number;
  timeoutMs: number;
  backlog: number;
  backlogHealthy: number;
  backlogWorkers: number;
  subscribers: number;
  /** Events stored in the pagination scenario's organization. */
  pageEvents: number;
  /** Throughput also compares wire formats (issue #18): HMAC_HEADERS and a mapped envelope against STANDARD_WEBHOOKS. */
  formats: boolean;
  /** Throughput also measures a payload filter on every endpoint (issue #19) against none. */
  filters: boolean;
  /** Throughput also measures ordered delivery per key on every endpoint (issue #19) against unordered. */
  ordering: boolean;
  /** Throughput also runs on 1 worker while the retention job deletes old attempts (issue #19), as a ratio to the job idle. */
  retention: boolean;
  cpuProf: boolean;
  /** Workers from src/ through tsx, not from the built dist/. */
  fromSource: boolean;
  out: string;
}

export interface Metric {
  label: string;
  /** null = could not be computed in this run (say why in detail). */
  value: number | null;
  unit: string;
  target?: string;
  /** Whether the value meets the target, when there is one. */
  pass?: boolean;
  detail?: string;
}

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  metrics: Metric[];
  /** Raw numbers for the JSON file. */
  data?: Record<string, unknown>;
  seconds?: number;
}

export interface BenchContext {
  opts: Options;
  infra: Infra;
  receiver: Receiver;
  log(line: string): void;
  /** Results of the scenarios already run, for ratios measured in the same run. */
  results: Map<ScenarioId, ScenarioResult>;
  resultsDir: string;
}

/** One scenario: adding a measurement is writing one of these and listing it in bench/scenarios/index.ts. */
export type Scenario = (ctx: BenchContext) => Promise<ScenarioResult>;
