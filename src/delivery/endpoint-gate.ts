/**
 * Caps the attempts in flight per endpoint in this process, so an endpoint that hangs
 * until timeout holds at most `cap` of the worker's slots while the rest keep flowing.
 *
 * Jobs beyond the cap wait in a per-endpoint line, as long as the endpoint can clear in
 * about `lineWaitMs` at the speed it answers now: a fast endpoint clears a long line in
 * moments, which spares JetStream put-backs; a slow one would pin held jobs for whole
 * timeouts, so its line stays short and the excess goes back to JetStream (`enter` answers
 * false, also for waiters evicted when the endpoint turns slow). The length follows the
 * speed smoothly, so a worker whose own load stretches every attempt a little does not
 * suddenly treat all endpoints as slow.
 */
export interface GateOptions {
  cap: number;
  /** The longest line, for the fastest endpoints. */
  maxWaitingFast: number;
  /** The shortest line, for endpoints that hang. */
  maxWaitingSlow: number;
  lineWaitMs: number;
}

interface Lane {
  inFlight: number;
  waiting: ((admitted: boolean) => void)[];
  /** Exponentially weighted mean attempt duration, ms. */
  latencyMs: number;
  /** When an attempt last finished (or the lane opened): an endpoint that hangs makes none. */
  lastProgress: number;
}

/** The shortest wait given to a job turned away, so a busy endpoint is not polled in a tight loop. */
const MIN_DEFERRAL_MS = 100;
const MAX_DEFERRAL_MS = 60_000;

export class EndpointGate {
  private lanes = new Map<string, Lane>();

  constructor(private opts: GateOptions, private now: () => number = Date.now) {}

  /** How long one slot takes now: the mean attempt, or longer if nothing has finished for a while. */
  private slotMs(lane: Lane): number {
    return Math.max(lane.latencyMs, this.now() - lane.lastProgress);
  }

  private limit(lane: Lane): number {
    const clears = Math.floor((this.opts.cap * this.opts.lineWaitMs) / Math.max(1, this.slotMs(lane)));
    return Math.min(this.opts.maxWaitingFast, Math.max(this.opts.maxWaitingSlow, clears));
  }

  private trim(lane: Lane): void {
    const limit = this.limit(lane);
    while (lane.waiting.length > limit) lane.waiting.pop()!(false);
  }

  async enter(endpointId: string): Promise<boolean> {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { inFlight: 0, waiting: [], latencyMs: 0, lastProgress: this.now() };
      this.lanes.set(endpointId, lane);
    }
    if (lane.inFlight < this.opts.cap) {
      lane.inFlight++;
      return true;
    }
    this.trim(lane);
    if (lane.waiting.length >= this.limit(lane)) return false;
    // The slot is handed over directly by leave(), so the count stays as it is.
    return new Promise<boolean>((resolve) => lane.waiting.push(resolve));
  }

  /**
   * How long a job that `enter` turned away should wait before it comes back: about the
   * time the attempts in flight take to free their slots. An endpoint that hangs until
   * timeout is not polled every second, and a fast one is not kept waiting for a second.
   */
  deferral(endpointId: string): number {
    const lane = this.lanes.get(endpointId);
    if (!lane) return MIN_DEFERRAL_MS;
    return Math.min(MAX_DEFERRAL_MS, Math.max(MIN_DEFERRAL_MS, this.slotMs(lane)));
  }

  /** Gives the slot back; `durationMs` of the attempt that held it feeds the endpoint's speed. */
  leave(endpointId: string, durationMs?: number): void {
    const lane = this.lanes.get(endpointId);
    if (!lane) return;
    if (durationMs !== undefined) lane.latencyMs = lane.latencyMs === 0 ? durationMs : lane.latencyMs * 0.8 + durationMs * 0.2;
    lane.lastProgress = this.now();
    const next = lane.waiting.shift();
    this.trim(lane);
    if (next) {
      next(true);
      return;
    }
    lane.inFlight--;
    if (lane.inFlight === 0) this.lanes.delete(endpointId);
  }
}
