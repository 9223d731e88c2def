/** Counts permits; waiters are served in FIFO order. */
export class Semaphore {
  private waiters: { need: number; take: () => void }[] = [];
  private idleWaiters: (() => void)[] = [];
  private used = 0;

  constructor(readonly permits: number) {}

  get inUse(): number {
    return this.used;
  }

  async acquire(): Promise<void> {
    if (this.waiters.length === 0 && this.used < this.permits) {
      this.used++;
      return;
    }
    await this.acquireSome(1, 1);
  }

  /**
   * Waits until at least `min` permits are free (all of them, if there are fewer), then takes
   * as many of those free as it may, up to `max`; resolves with how many it took.
   */
  acquireSome(min: number, max: number): Promise<number> {
    const need = Math.min(min, this.permits);
    return new Promise<number>((resolve) => {
      const take = () => {
        const n = Math.min(max, this.permits - this.used);
        this.used += n;
        resolve(n);
      };
      if (this.waiters.length === 0 && this.permits - this.used >= need) take();
      else this.waiters.push({ need, take });
    });
  }

  release(n = 1): void {
    this.used -= n;
    while (this.waiters.length > 0 && this.permits - this.used >= this.waiters[0]!.need) this.waiters.shift()!.take();
    if (this.used === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves once every permit has been given back. */
  async idle(): Promise<void> {
    if (this.used === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
