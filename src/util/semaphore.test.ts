import { describe, expect, it } from "vitest";
import { Semaphore } from "./semaphore.ts";

const settled = () => new Promise((r) => setImmediate(r));

describe("Semaphore", () => {
  it("hands permits out in order and waits while none is free", async () => {
    const s = new Semaphore(2);
    await s.acquire();
    await s.acquire();
    const order: number[] = [];
    void s.acquire().then(() => order.push(1));
    void s.acquire().then(() => order.push(2));
    await settled();
    expect(order).toEqual([]);
    s.release();
    await settled();
    expect(order).toEqual([1]);
    s.release();
    await settled();
    expect(order).toEqual([1, 2]);
    expect(s.inUse).toBe(2);
  });

  it("acquireSome waits for its minimum, then takes what is free up to its maximum", async () => {
    const s = new Semaphore(10);
    expect(await s.acquireSome(4, 6)).toBe(6);
    expect(await s.acquireSome(1, 100)).toBe(4);
    let got: number | undefined;
    void s.acquireSome(3, 5).then((n) => (got = n));
    s.release(2);
    await settled();
    expect(got).toBeUndefined();
    s.release(2);
    await settled();
    expect(got).toBe(4);
    expect(s.inUse).toBe(10);
  });

  it("a minimum above the permits waits for all of them", async () => {
    const s = new Semaphore(4);
    await s.acquire();
    let got: number | undefined;
    void s.acquireSome(128, 1_000).then((n) => (got = n));
    await settled();
    expect(got).toBeUndefined();
    s.release();
    await settled();
    expect(got).toBe(4);
  });

  it("a waiter for many keeps later single acquirers behind it", async () => {
    const s = new Semaphore(3);
    expect(await s.acquireSome(3, 3)).toBe(3);
    const order: string[] = [];
    void s.acquireSome(2, 2).then(() => order.push("two"));
    void s.acquire().then(() => order.push("one"));
    s.release();
    await settled();
    expect(order).toEqual([]);
    s.release();
    await settled();
    expect(order).toEqual(["two"]);
    s.release();
    await settled();
    expect(order).toEqual(["two", "one"]);
  });

  it("idle resolves once every permit is back", async () => {
    const s = new Semaphore(3);
    const n = await s.acquireSome(1, 3);
    let idle = false;
    void s.idle().then(() => (idle = true));
    s.release(n - 1);
    await settled();
    expect(idle).toBe(false);
    s.release();
    await settled();
    expect(idle).toBe(true);
  });
});
