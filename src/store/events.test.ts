import { describe, expect, it } from "vitest";
import { isRowError } from "./events.ts";

describe("isRowError", () => {
  it.each([
    ["22008 datetime out of range", { code: "22008" }, true],
    ["22P02 invalid text representation", { code: "22P02" }, true],
    ["23505 unique violation", { code: "23505" }, true],
    ["54000 program limit exceeded", { code: "54000" }, true],
    ["42P01 undefined table", { code: "42P01" }, false],
    ["57P01 admin shutdown", { code: "57P01" }, false],
    ["08006 connection failure", { code: "08006" }, false],
    ["a network error without a code", new Error("ECONNREFUSED"), false],
    ["a numeric code", { code: 22 }, false],
    ["null", null, false],
  ])("%s", (_name, err, expected) => {
    expect(isRowError(err)).toBe(expected);
  });
});
