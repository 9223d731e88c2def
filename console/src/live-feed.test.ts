import { describe, expect, it } from "vitest";
import { addAttempt, appendOlder, newestFirst } from "./live-feed.ts";

const ids = (list: { id: string }[]) => list.map((a) => a.id);

describe("addAttempt", () => {
  it("puts the newest first, keeps each attempt once and at most `limit`", () => {
    let list: { id: string }[] = [];
    for (const id of ["a", "b", "b", "c"]) list = addAttempt(list, { id }, 2);
    expect(ids(list)).toEqual(["c", "b"]);
  });
});

describe("appendOlder", () => {
  it("puts older attempts after the live ones, skipping those already shown", () => {
    expect(ids(appendOlder([{ id: "att_3" }, { id: "att_2" }], [{ id: "att_2" }, { id: "att_1" }]))).toEqual(["att_3", "att_2", "att_1"]);
    expect(ids(appendOlder([{ id: "b" }], [{ id: "a" }, { id: "0" }], 2))).toEqual(["b", "a"]);
  });
});

describe("newestFirst", () => {
  it("orders by id, highest first, without changing its argument", () => {
    const attempts = [{ id: "att_01B" }, { id: "att_01C" }, { id: "att_01A" }];
    expect(ids(newestFirst(attempts))).toEqual(["att_01C", "att_01B", "att_01A"]);
    expect(ids(attempts)).toEqual(["att_01B", "att_01C", "att_01A"]);
  });
});
