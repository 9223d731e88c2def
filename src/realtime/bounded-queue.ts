/**
 * An async iterator fed by batches (the notices that arrived together). A consumer that
 * still has `limit` items waiting when the next batch arrives is cut off with
 * `SlowConsumerError` rather than letting the server's memory grow or the publishers wait.
 * A batch is taken whole: a busy worker announces a turn's attempts as one batch, possibly
 * more than `limit` of them, and that alone must not cut off a consumer that keeps up.
 */
import { sliceUsedUp } from "./slices.ts";

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
    readonly limit: number,
    private readonly hooks: { onClose?: () => void; onSlowConsumer?: () => void } = {},
  ) {}

  /** False once the consumer has been cut off or has gone away. */
  push(batch: readonly T[]): boolean {
    if (this.done || this.failure) return false;
    if (batch.length === 0) return true;
    if (this.items.length >= this.limit) {
      this.hooks.onSlowConsumer?.();
      this.fail(new SlowConsumerError(this.limit));
      return false;
    }
    let i = 0;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value: batch[i++]!, done: false });
    }
    for (; i < batch.length; i++) this.items.push(batch[i]!);
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
    if (this.items.length > 0) {
      // Taken at once, each item would come on the same tick: see slices.ts.
      if (sliceUsedUp()) return new Promise((resolve) => setImmediate(() => resolve(this.next())));
      return Promise.resolve({ value: this.items.shift()!, done: false });
    }
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
