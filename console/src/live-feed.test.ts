import { describe, expect, it } from "vitest";
import { addAttempt } from "./live-feed.ts";

describe("addAttempt", () => {
  it("puts the newest first, keeps each attempt once and at most `limit`", () => {
    let list: { id: string }[] = [];
    for (const id of ["a", "b", "b", "c"]) list = addAttempt(list, { id }, 2);
    expect(list.map((a) => a.id)).toEqual(["c", "b"]);
  });
});
