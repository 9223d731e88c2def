/** Counts permits; `acquire` waits in FIFO order while none is free. */
export class Semaphore {
  private waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private used = 0;

  constructor(private readonly permits: number) {}

  get inUse(): number {
    return this.used;
  }

  async acquire(): Promise<void> {
    if (this.used < this.permits) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) return next();
    this.used--;
    if (this.used === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves once every permit has been given back. */
  async idle(): Promise<void> {
    if (this.used === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
