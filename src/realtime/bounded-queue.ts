/**
 * An async iterator fed by pushes, holding at most `limit` undelivered items. A consumer
 * that falls that far behind is cut off with `SlowConsumerError` rather than letting the
 * server's memory grow or the publishers wait.
 */
export class SlowConsumerError extends Error {
  constructor(readonly limit: number) {
    super(`subscriber too slow: more than ${limit} notices waiting; resubscribe with \`after\` to resume`);
    this.name = "SlowConsumerError";
  }
}

export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private failWaiting: ((e: unknown) => void) | undefined;
  private failure: unknown;
  private done = false;

  constructor(
    public limit: number,
    private readonly hooks: { onClose?: () => void; onSlowConsumer?: () => void } = {},
  ) {}

  /** False once the consumer has been cut off or has gone away. */
  push(item: T): boolean {
    if (this.done || this.failure) return false;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value: item, done: false });
      return true;
    }
    if (this.items.length >= this.limit) {
      this.hooks.onSlowConsumer?.();
      this.fail(new SlowConsumerError(this.limit));
      return false;
    }
    this.items.push(item);
    return true;
  }

  fail(err: unknown): void {
    if (this.done || this.failure) return;
    this.failure = err;
    this.items = [];
    this.hooks.onClose?.();
    if (this.failWaiting) {
      const reject = this.failWaiting;
      this.waiting = this.failWaiting = undefined;
      reject(err);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.items = [];
      this.hooks.onClose?.();
      this.waiting?.({ value: undefined, done: true });
      this.waiting = this.failWaiting = undefined;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
