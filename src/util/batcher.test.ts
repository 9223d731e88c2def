import { describe, expect, it } from "vitest";
import { MicroBatcher } from "./batcher.ts";

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("MicroBatcher", () => {
  it("sends a full batch at once and returns each item its own result", async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number, number>(async (xs) => (batches.push(xs), xs.map((x) => x * 10)), { maxSize: 3, concurrency: 1 });
    const results = await Promise.all([1, 2, 3].map((x) => b.add(x)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("sends what arrived in one turn together, at once when idle", async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number, void>(async (xs) => (batches.push(xs), xs.map(() => undefined)), { maxSize: 100, concurrency: 1 });
    const p = [b.add(1), b.add(2)];
    expect(batches).toEqual([]);
    await Promise.all(p);
    expect(batches).toEqual([[1, 2]]);
  });

  it("gathers items while a batch is running and sends them together after it", async () => {
    const batches: number[][] = [];
    let started!: () => void;
    const firstStarted = new Promise<void>((r) => (started = r));
    const b = new MicroBatcher<number, void>(async (xs) => (batches.push(xs), started(), await tick(5), xs.map(() => undefined)), {
      maxSize: 100,
      concurrency: 1,
    });
    const first = b.add(0);
    await firstStarted;
    const rest = [1, 2, 3].map((x) => b.add(x));
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[0], [1, 2, 3]]);
  });

  it("runs at most `concurrency` batches and gathers what arrives meanwhile", async () => {
    let running = 0;
    let peak = 0;
    const sizes: number[] = [];
    const b = new MicroBatcher<number, void>(
      async (xs) => {
        running++;
        peak = Math.max(peak, running);
        sizes.push(xs.length);
        await tick(5);
        running--;
        return xs.map(() => undefined);
      },
      { maxSize: 2, concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => b.add(i)));
    expect(peak).toBe(2);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(10);
  });

  it("rejects every item of a failed batch", async () => {
    const b = new MicroBatcher<number, void>(async () => Promise.reject(new Error("db down")), { maxSize: 2, concurrency: 1 });
    const results = await Promise.allSettled([b.add(1), b.add(2)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });

  it("drain() waits until nothing is queued or running", async () => {
    const b = new MicroBatcher<number, void>(async (xs) => (await tick(5), xs.map(() => undefined)), { maxSize: 4, concurrency: 1 });
    for (let i = 0; i < 8; i++) void b.add(i);
    expect(b.pending).toBe(8);
    await b.drain();
    expect(b.pending).toBe(0);
  });
});
