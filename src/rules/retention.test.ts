import { ulid } from "ulidx";
import { describe, expect, it } from "vitest";
import { newId } from "./ids.ts";
import { effectiveDays, idMadeAt, retentionCutoff, retentionDaysProblem } from "./retention.ts";

describe("retentionDaysProblem", () => {
  it.each([
    [1, null],
    [30, null],
    [3650, null],
    [0, "must be a whole number of days from 1 to 3650"],
    [3651, "must be a whole number of days from 1 to 3650"],
    [1.5, "must be a whole number of days from 1 to 3650"],
    [-7, "must be a whole number of days from 1 to 3650"],
  ])("%d days: %s", (days, problem) => {
    expect(retentionDaysProblem(days)).toBe(problem);
  });
});

describe("retentionCutoff", () => {
  it.each([
    [Date.UTC(2026, 11, 31), 30, Date.UTC(2026, 11, 1)],
    [Date.UTC(2026, 0, 2, 12), 1, Date.UTC(2026, 0, 1, 12)],
  ])("%d less %d days", (now, days, cutoff) => {
    expect(retentionCutoff(now, days).getTime()).toBe(cutoff);
  });
});

describe("idMadeAt", () => {
  const at = new Date("2026-11-01T00:00:00.000Z");

  it("sorts above every id made before the moment and below every id made from it on", () => {
    const bound = idMadeAt("att", at);
    const before = `att_${ulid(at.getTime() - 1)}`;
    const same = `att_${ulid(at.getTime())}`;
    const after = `att_${ulid(at.getTime() + 1)}`;
    expect([after, same, bound, before].sort()).toEqual([before, bound, same, after]);
  });

  it("keeps the prefix, so another kind of id never falls in the range", () => {
    expect(idMadeAt("rej", at).startsWith("rej_")).toBe(true);
    expect(newId("att") > idMadeAt("att", at)).toBe(true);
  });
});

describe("effectiveDays", () => {
  it.each([
    [null, 30, 30],
    [7, 30, 7],
    [365, 30, 365],
  ])("own %s, default %d: %d", (own, serviceDefault, days) => {
    expect(effectiveDays(own, serviceDefault)).toBe(days);
  });
});
