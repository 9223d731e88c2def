/**
 * Caps the attempts in flight per endpoint in this process, so an endpoint that hangs
 * until timeout holds at most `cap` of the worker's slots while the rest keep flowing.
 * Each timeout halves that endpoint's own cap, down to a quarter of `cap`, and each answer
 * raises it by one again (as TCP backs off a congested path): more attempts at once do not
 * make a hanging endpoint answer, and one that times out under load is given less of it.
 * Its retries still keep to their schedule, as far as a quarter of the slots allows.
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
  /** This endpoint's cap now: at most `cap`, at least a quarter of it. */
  cap: number;
  /** Lowered by a timeout and not back to the full cap yet. */
  throttled: boolean;
  inFlight: number;
  waiting: ((admitted: boolean) => void)[];
  /** Exponentially weighted mean attempt duration, ms; unknown until an attempt finishes. */
  latencyMs: number | undefined;
  /** When an attempt last finished (or the lane opened): an endpoint that hangs makes none. */
  lastProgress: number;
}

/** The shortest wait given to a job turned away, so a busy endpoint is not polled in a tight loop. */
const MIN_DEFERRAL_MS = 100;
const MAX_DEFERRAL_MS = 60_000;
/**
 * Lanes are kept while idle, with their speed and cap: an endpoint whose speed is unknown
 * gets the shortest line, and one that hangs would get its full cap back. Past this many,
 * the idle ones are forgotten.
 */
const MAX_LANES = 10_000;

export class EndpointGate {
  private lanes = new Map<string, Lane>();

  private readonly floor: number;

  constructor(private opts: GateOptions, private now: () => number = Date.now) {
    this.floor = Math.max(1, opts.cap >> 2);
  }

  /** How long one slot takes now: the mean attempt, or longer if nothing has finished for a while. */
  private slotMs(lane: Lane): number {
    return Math.max(lane.latencyMs ?? 0, this.now() - lane.lastProgress);
  }

  private limit(lane: Lane): number {
    // Until an attempt has finished, the endpoint's speed is unknown: one that hangs would
    // hold a long line of events for whole timeouts.
    if (lane.latencyMs === undefined) return this.shortest(lane);
    const clears = Math.floor((lane.cap * this.opts.lineWaitMs) / Math.max(1, this.slotMs(lane)));
    return Math.min(this.opts.maxWaitingFast, Math.max(this.shortest(lane), clears));
  }

  /** The shortest line shrinks with a lowered cap: it waits for fewer slots. */
  private shortest(lane: Lane): number {
    return Math.ceil((this.opts.maxWaitingSlow * lane.cap) / this.opts.cap);
  }

  private trim(lane: Lane): void {
    const limit = this.limit(lane);
    while (lane.waiting.length > limit) lane.waiting.pop()!(false);
  }

  async enter(endpointId: string): Promise<boolean> {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      if (this.lanes.size >= MAX_LANES) this.forgetIdle();
      lane = { cap: this.opts.cap, throttled: false, inFlight: 0, waiting: [], latencyMs: undefined, lastProgress: this.now() };
      this.lanes.set(endpointId, lane);
    }
    if (lane.inFlight < lane.cap) {
      // An idle lane has not stalled meanwhile: its wait for progress starts now.
      if (lane.inFlight === 0) lane.lastProgress = this.now();
      lane.inFlight++;
      return true;
    }
    this.trim(lane);
    if (lane.waiting.length >= this.limit(lane)) return false;
    // leave() counts the slot when it lets a waiter in.
    return new Promise<boolean>((resolve) => lane.waiting.push(resolve));
  }

  /**
   * How long a job that `enter` turned away should wait before it comes back: about the
   * time the attempts in flight take to free their slots, longer in proportion as timeouts
   * lowered the endpoint's cap: its jobs come back a quarter as often. A fast endpoint's
   * jobs are not kept waiting for a second.
   */
  deferral(endpointId: string): number {
    const lane = this.lanes.get(endpointId);
    if (!lane) return MIN_DEFERRAL_MS;
    const backoff = lane.throttled ? this.opts.cap / lane.cap : 1;
    return Math.min(MAX_DEFERRAL_MS, Math.max(MIN_DEFERRAL_MS, this.slotMs(lane) * backoff));
  }

  /**
   * Gives the slot back. The attempt that held it, if one was made, feeds the endpoint's
   * speed (`durationMs`) and its cap (`timedOut`).
   */
  leave(endpointId: string, durationMs?: number, timedOut = false): void {
    const lane = this.lanes.get(endpointId);
    if (!lane) return;
    if (durationMs !== undefined) {
      lane.latencyMs = lane.latencyMs === undefined ? durationMs : lane.latencyMs * 0.8 + durationMs * 0.2;
      lane.cap = timedOut ? Math.max(this.floor, lane.cap >> 1) : Math.min(this.opts.cap, lane.cap + 1);
      lane.throttled = timedOut || (lane.throttled && lane.cap < this.opts.cap);
    }
    lane.lastProgress = this.now();
    lane.inFlight--;
    while (lane.inFlight < lane.cap && lane.waiting.length > 0) {
      lane.inFlight++;
      lane.waiting.shift()!(true);
    }
    this.trim(lane);
  }

  private forgetIdle(): void {
    for (const [id, lane] of this.lanes) if (lane.inFlight === 0) this.lanes.delete(id);
  }
}
