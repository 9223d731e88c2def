import { describe, expect, it } from "vitest";
import { secretsToCut, type LiveSecret } from "./secret-rotation.ts";

const now = new Date("2026-12-06T00:00:00.000Z");
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const day = at(24);

describe("secretsToCut", () => {
  const cases: Array<[string, LiveSecret[], Date, number, { id: string; graceWasUntil: Date }[]]> = [
    ["no secret yet", [], day, 3, []],
    ["the current one alone gets the grace", [{ id: "sec_1", expiresAt: null }], day, 3, []],
    [
      "current + one in grace: room for both",
      [
        { id: "sec_1", expiresAt: at(5) },
        { id: "sec_2", expiresAt: null },
      ],
      day,
      3,
      [],
    ],
    [
      "current + two in grace: the one ending soonest is cut",
      [
        { id: "sec_1", expiresAt: at(5) },
        { id: "sec_2", expiresAt: at(10) },
        { id: "sec_3", expiresAt: null },
      ],
      day,
      3,
      [{ id: "sec_1", graceWasUntil: at(5) }],
    ],
    [
      "equal grace ends: the oldest id is cut",
      [
        { id: "sec_2", expiresAt: day },
        { id: "sec_1", expiresAt: day },
        { id: "sec_3", expiresAt: null },
      ],
      day,
      3,
      [{ id: "sec_1", graceWasUntil: day }],
    ],
    [
      "a grace longer than the new one is reported as shortened to it",
      [
        { id: "sec_1", expiresAt: at(100) },
        { id: "sec_2", expiresAt: at(90) },
        { id: "sec_3", expiresAt: null },
      ],
      at(1),
      3,
      [{ id: "sec_1", graceWasUntil: at(1) }],
    ],
    [
      "400 left over from before the cap: all but two are cut",
      Array.from({ length: 400 }, (_, i) => ({ id: `sec_${String(i).padStart(3, "0")}`, expiresAt: i === 399 ? null : day })),
      day,
      3,
      Array.from({ length: 398 }, (_, i) => ({ id: `sec_${String(397 - i).padStart(3, "0")}`, graceWasUntil: day })),
    ],
    [
      "no grace: every old one simply ends, none is cut early",
      [
        { id: "sec_1", expiresAt: at(5) },
        { id: "sec_2", expiresAt: null },
      ],
      now,
      3,
      [],
    ],
    [
      "a cap of one: the new secret alone signs",
      [
        { id: "sec_1", expiresAt: at(5) },
        { id: "sec_2", expiresAt: null },
      ],
      day,
      1,
      [
        { id: "sec_2", graceWasUntil: day },
        { id: "sec_1", graceWasUntil: at(5) },
      ],
    ],
  ];
  it.each(cases)("%s", (_label, live, graceEnd, max, expected) => {
    expect(secretsToCut(live, now, graceEnd, max)).toEqual(expected);
  });
});
