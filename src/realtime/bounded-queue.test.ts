import { describe, expect, it } from "vitest";
import { BoundedQueue, SlowConsumerError } from "./bounded-queue.ts";

describe("BoundedQueue", () => {
  it("hands items over in order, to a waiting reader or from its buffer", async () => {
    const q = new BoundedQueue<number>(10);
    const first = q.next();
    q.push([1, 2]);
    q.push([3]);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
    expect(await q.next()).toEqual({ value: 3, done: false });
  });

  it("cuts off a reader that still has `limit` items waiting when the next batch comes, once, and says why", async () => {
    let slow = 0;
    let closed = 0;
    const q = new BoundedQueue<number>(3, { onSlowConsumer: () => slow++, onClose: () => closed++ });
    expect([[1], [2], [3]].map((b) => q.push(b))).toEqual([true, true, true]);
    expect(q.push([4])).toBe(false);
    expect(q.push([5])).toBe(false);
    await expect(q.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(slow).toBe(1);
    expect(closed).toBe(1);
  });

  it("takes a batch larger than the limit whole from a reader that has caught up", async () => {
    let slow = 0;
    const q = new BoundedQueue<number>(3, { onSlowConsumer: () => slow++ });
    const big = Array.from({ length: 10 }, (_, i) => i);
    expect(q.push(big)).toBe(true);
    const read: number[] = [];
    for (let i = 0; i < 10; i++) read.push((await q.next()).value as number);
    expect(read).toEqual(big);
    expect(q.push(big)).toBe(true);
    await q.next();
    // Nine of the second batch still wait: the third finds the reader behind.
    expect(q.push([99])).toBe(false);
    expect(slow).toBe(1);
  });

  it("ends cleanly on return() and refuses later pushes", async () => {
    let closed = 0;
    const q = new BoundedQueue<number>(3, { onClose: () => closed++ });
    const pending = q.next();
    await q.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(q.push([1])).toBe(false);
    expect(closed).toBe(1);
  });
});
