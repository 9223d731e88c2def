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
 *
 * An endpoint's own `maxInFlight` (given to `enter`) replaces `cap` for it when lower: its
 * cap then adapts between a quarter of that and that.
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
  /** The most this endpoint may have in flight: the gate's cap, or the endpoint's own when lower. */
  ceiling: number;
  /** This endpoint's cap now: at most `ceiling`, at least a quarter of it. */
  cap: number;
  inFlight: number;
  waiting: ((admitted: boolean) => void)[];
  /** Exponentially weighted mean attempt duration, ms; unknown until an attempt finishes. */
  latencyMs: number | undefined;
  /** When an attempt last finished (or the lane opened): an endpoint that hangs makes none. */
  lastProgress: number;
  /** When the last job turned away is due back: the end of the line that continues in JetStream. */
  parkedUntil: number;
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

/** The lowest a lane's cap goes after timeouts: a quarter of its ceiling. */
function floorOf(ceiling: number): number {
  return Math.max(1, ceiling >> 2);
}

export class EndpointGate {
  private lanes = new Map<string, Lane>();

  constructor(
    private opts: GateOptions,
    private now: () => number = Date.now,
  ) {}

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

  /** `maxInFlight`: the endpoint's own ceiling (null or absent: the gate's cap). */
  async enter(endpointId: string, maxInFlight?: number | null): Promise<boolean> {
    const ceiling = maxInFlight ? Math.min(maxInFlight, this.opts.cap) : this.opts.cap;
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      if (this.lanes.size >= MAX_LANES) this.forgetIdle();
      lane = { ceiling, cap: ceiling, inFlight: 0, waiting: [], latencyMs: undefined, lastProgress: this.now(), parkedUntil: 0 };
      this.lanes.set(endpointId, lane);
    } else if (lane.ceiling !== ceiling) {
      // The endpoint's setting changed: its cap keeps its place between the new bounds.
      lane.ceiling = ceiling;
      lane.cap = Math.min(ceiling, Math.max(floorOf(ceiling), lane.cap));
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
   * How long a job that `enter` turned away should wait before it comes back: until the
   * endpoint, at the speed and cap it has now, has worked through what is ahead of the job:
   * the attempts in flight, the line, and the jobs turned away before it, which are given
   * their turns one after another. Jobs turned away together do not all come back together
   * only to be turned away again: a burst to one busy endpoint had each of 30,000 jobs sent
   * back about eleven times, a tenth of a second apart. A lowered cap makes each turn longer,
   * so a throttled endpoint's jobs come back less often.
   */
  deferral(endpointId: string): number {
    const lane = this.lanes.get(endpointId);
    if (!lane) return MIN_DEFERRAL_MS;
    const now = this.now();
    const turnMs = this.slotMs(lane) / lane.cap;
    const ahead = Math.max(lane.parkedUntil, now + (lane.inFlight + lane.waiting.length) * turnMs);
    // Bounded, so an endpoint that was slow for long does not keep its new jobs away once it is fast again.
    lane.parkedUntil = Math.min(now + MAX_DEFERRAL_MS, ahead + turnMs);
    return Math.max(MIN_DEFERRAL_MS, lane.parkedUntil - now);
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
      lane.cap = timedOut ? Math.max(floorOf(lane.ceiling), lane.cap >> 1) : Math.min(lane.ceiling, lane.cap + 1);
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
