import { describe, expect, it } from "vitest";
import { isPortalAddress } from "./access.ts";

describe("isPortalAddress", () => {
  it.each([
    ["?organization=org_1", true],
    ["?organization=", true],
    ["?x=1&organization=org_1", true],
    ["", false],
    ["?org=org_1", false],
  ])("%j → %j", (search, portal) => {
    expect(isPortalAddress(search)).toBe(portal);
  });
});
