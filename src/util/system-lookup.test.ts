import { describe, expect, it } from "vitest";
import { systemLookup } from "./system-lookup.ts";

describe("systemLookup", () => {
  it("gives every address of a name, each with its family, for the URL policy to check", async () => {
    const addresses = await systemLookup("localhost");
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses) expect(["127.0.0.1", "::1"]).toContain(a.address);
    expect(addresses.every((a) => a.family === 4 || a.family === 6)).toBe(true);
  });

  it("rejects with the resolver's code for a name that does not exist", async () => {
    await expect(systemLookup("no-such-host.invalid")).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
  });
});
