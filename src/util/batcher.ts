/**
 * Groups items that arrive close together so that one round trip (a multi-row INSERT,
 * one UPDATE … FROM unnest) serves many of them — group commit: a batch goes out as soon
 * as a slot is free (after the current turn of the event loop, so items that arrived
 * together travel together), and while `concurrency` batches are running, new items
 * gather and go out when one finishes. An idle system pays no waiting time; a busy one
 * gets large batches.
 */
export class MicroBatcher<T, R = void> {
  private items: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private running = 0;
  private runningItems = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly handler: (items: T[]) => Promise<R[]>,
    private readonly opts: { maxSize: number; concurrency: number },
  ) {}

  /** Queues an item; resolves with the handler's result for it once its batch is done. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.items.push({ item, resolve, reject });
      this.schedule();
    });
  }

  get pending(): number {
    return this.items.length + this.runningItems;
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.opts.concurrency || this.items.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.items.length > 0 && this.running < this.opts.concurrency) {
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
          if (this.items.length > 0) this.schedule();
          else if (this.running === 0) for (const w of this.idle.splice(0)) w();
        });
    }
  }

  /** Resolves when nothing is queued or running. */
  async drain(): Promise<void> {
    if (this.pending === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
