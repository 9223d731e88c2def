import type pg from "pg";
import { withAdvisoryLock } from "../db/advisory-lock.ts";
import type { Logger } from "../log.ts";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import { anyLineWaiting, type LineRef, linesWaitingBetween, releaseLineHeads, stalledLines } from "../store/deliveries.ts";
import { raiseOrderingFloor } from "../store/ordering-floor.ts";

// Ordered delivery per key (issue #19): what lets each ordering line's next delivery go. Two
// things do: its predecessor settling (the attempt log hands over the lines it moved), and the
// ordering floor passing it (a round every ROUND_MS in one worker at a time). The floor is the
// ingest consumer's ack floor: every EVENTS message at or below it is stored, so a delivery at
// or below it has no earlier event of its key still on its way, whichever worker stored it and
// whichever was killed meanwhile. A sweep now and then frees a line whose release was lost.

/** The key of the advisory lock the worker running promotion rounds holds ("herald" and 2). */
export const ORDERING_LOCK_KEY = 0x6865_7261_6c64_0002n;
export const ROUND_MS = 100;
const SWEEP_EVERY_MS = 2_000;
const PAGE = 1_000;

export interface OrderingLinesDeps {
  pool: pg.Pool;
  /** The EVENTS ingest consumer's ack floor (stream sequence). */
  ackFloor: () => Promise<number>;
  publish: (jobs: DeliveryJob[]) => Promise<void>;
  log: Pick<Logger, "warn">;
}

export class OrderingLines {
  /** The highest sequence whose waiting members this process has looked at. */
  private cursor = 0;
  private sweptAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: OrderingLinesDeps) {}

  /** Lines whose head settled: their next member goes now if the floor has passed it (else a round releases it). */
  async moved(lines: LineRef[]): Promise<void> {
    await releaseLineHeads(this.deps.pool, lines, this.deps.publish);
  }

  /** One promotion round, if no other worker is running one. */
  async round(now = Date.now()): Promise<void> {
    // Most rounds of most installations find no line waiting: then no lock, no JetStream call, no write.
    if (!(await anyLineWaiting(this.deps.pool))) return;
    await withAdvisoryLock(this.deps.pool, ORDERING_LOCK_KEY, async () => {
      const floor = await raiseOrderingFloor(this.deps.pool, await this.deps.ackFloor());
      await this.releasePassed(floor);
      if (now - this.sweptAt >= SWEEP_EVERY_MS) {
        this.sweptAt = now;
        await releaseLineHeads(this.deps.pool, await stalledLines(this.deps.pool, PAGE), this.deps.publish);
      }
    });
  }

  /** The lines of members the floor passed since the last round: the heads among them go. */
  private async releasePassed(floor: number): Promise<void> {
    for (;;) {
      const page = await linesWaitingBetween(this.deps.pool, this.cursor, floor, PAGE);
      if (page.lines.length > 0) await releaseLineHeads(this.deps.pool, page.lines, this.deps.publish);
      this.cursor = page.full ? page.last! : floor;
      if (!page.full) return;
    }
  }

  start(): this {
    const tick = () => {
      this.running = this.round()
        .catch((err: unknown) => this.deps.log.warn({ err: (err as Error).message }, "ordering round failed; the next one retries"))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, ROUND_MS);
        });
    };
    this.timer = setTimeout(tick, ROUND_MS);
    return this;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
