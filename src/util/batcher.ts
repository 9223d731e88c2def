/**
 * Groups items that arrive close together so that one round trip (a multi-row INSERT,
 * one UPDATE … FROM unnest) serves many of them. A batch goes out when it is full or
 * `maxDelayMs` after its first item, whichever comes first; at most `concurrency`
 * batches run at once. Callers that await `add` are paced by the batches' round trips.
 */
export class MicroBatcher<T, R = void> {
  private items: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private runningItems = 0;
  private idle: (() => void)[] = [];
  private roomWaiters: (() => void)[] = [];

  constructor(
    private readonly handler: (items: T[]) => Promise<R[]>,
    private readonly opts: { maxSize: number; maxDelayMs: number; concurrency: number },
  ) {}

  /** Queues an item; resolves with the handler's result for it once its batch is done. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.items.push({ item, resolve, reject });
      if (this.items.length >= this.opts.maxSize) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.opts.maxDelayMs);
    });
  }

  get pending(): number {
    return this.items.length + this.runningItems;
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.items.length === 0) return;
    if (this.running >= this.opts.concurrency) {
      // A running batch will flush again when it finishes.
      return;
    }
    const batch = this.items.splice(0, this.opts.maxSize);
    this.running++;
    this.runningItems += batch.length;
    this.handler(batch.map((b) => b.item))
      .then(
        (results) => batch.forEach((b, i) => b.resolve(results[i] as R)),
        (err) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        this.running--;
        this.runningItems -= batch.length;
        for (const w of this.roomWaiters.splice(0)) w();
        if (this.items.length > 0) this.flush();
        else if (this.running === 0) for (const w of this.idle.splice(0)) w();
      });
    if (this.items.length >= this.opts.maxSize) this.flush();
    else if (this.items.length > 0 && !this.timer) this.timer = setTimeout(() => this.flush(), this.opts.maxDelayMs);
  }

  /** Resolves once fewer than `limit` items are queued or running: a producer's back-pressure. */
  async room(limit: number): Promise<void> {
    while (this.pending >= limit) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /** Sends what is queued now and resolves when nothing is queued or running. */
  async drain(): Promise<void> {
    this.flush();
    if (this.pending === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
