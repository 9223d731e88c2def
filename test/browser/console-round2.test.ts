import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateEndpointDocument, CreateEventTypeDocument, HeldDisableEndpointDocument, PublishEventDocument } from "../generated/graphql.ts";
import { type GuardedPage, guardedPage, hasChromium } from "../harness/browser.ts";
import { type ConsoleStack, expectClean, openRoute, signIn, startConsoleStack } from "../harness/console-browser.ts";
import { TEST_ADMIN_TOKEN } from "../harness/env.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";

// Round 2 of the console in Chromium: held deliveries (count in the row, Send on enable, the
// last release), the statistics charts' text summaries and the 24 h sparkline, the ordering
// field, and the operator view signed in with ADMIN_TOKEN (system panel, create organization).

describe.skipIf(!hasChromium)("the console's round 2 in Chromium", () => {
  let cs: ConsoleStack;
  let org: TestOrg;
  let guarded: GuardedPage;
  beforeAll(async () => {
    cs = await startConsoleStack();
    org = await createTestOrg(`${cs.base}/graphql`, "Smoke Org");
    await org.client.request(CreateEventTypeDocument, { input: { name: "order.created" } });
    guarded = await guardedPage(cs.browser.context, cs.base);
  }, 120_000);
  afterAll(async () => {
    await guarded?.page.close();
    await cs?.stop();
  });

  it("shows held deliveries and sends them on enable, charts the last 24 h and 7 days, and saves an ordering key", async () => {
    const url = cs.stack.receiver.url("/held");
    const ep = (await org.client.request(CreateEndpointDocument, { input: { url, eventTypes: ["order.*"] } })).createEndpoint;
    await org.client.request(PublishEventDocument, { input: { type: "order.created", data: { n: 1 } } });
    await new Promise((r) => setTimeout(r, 1500));
    await org.client.request(HeldDisableEndpointDocument, { id: ep.id });
    await org.client.request(PublishEventDocument, { input: { type: "order.created", data: { n: 2 } } });
    await new Promise((r) => setTimeout(r, 1500));
    const { page } = guarded;
    await signIn(page, cs.base, org.token);
    const row = page.getByRole("table", { name: "Endpoints" }).getByRole("row", { name: new RegExp(url) });
    await row.getByText("1 held").waitFor();
    await row.getByRole("img", { name: /^Last 24 h: 1 succeeded, 0 failed/ }).waitFor();
    await openRoute(page, `#/endpoints/${ep.id}`);
    const stats = page.getByRole("region", { name: "Delivery statistics" });
    await stats.getByText(/24 h: 1 succeeded, 0 failed, p99 up to/).waitFor();
    await stats.getByText("7 days").click();
    await stats.getByText(/7 days: 1 succeeded/).waitFor();
    await page.getByRole("button", { name: "Enable" }).click();
    const dialog = page.getByRole("dialog", { name: "Enable endpoint" });
    await dialog.getByText("Send the 1 held delivery?").waitFor();
    await dialog.getByRole("button", { name: "Send" }).click();
    await page
      .getByLabel("Last held release")
      .getByText(/1 sent, 0 dropped/)
      .waitFor();
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByRole("dialog", { name: "Edit endpoint" }).getByRole("textbox", { name: "Ordering key" }).fill("data.n");
    await page.getByRole("dialog", { name: "Edit endpoint" }).getByRole("button", { name: "Save changes" }).click();
    await page.getByText(/ordered by data\.n/).waitFor();
    expectClean(guarded);
  }, 60_000);

  it("opens the operator view with ADMIN_TOKEN: system readiness, organizations, a new one's key shown once", async () => {
    const { page } = guarded;
    await page.getByRole("button", { name: "Sign out" }).click();
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByRole("textbox", { name: "API key" }).fill(TEST_ADMIN_TOKEN);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Operator" }).waitFor();
    expect(page.url()).toMatch(/#\/operator$/);
    const system = page.getByRole("region", { name: "System" });
    await system.getByText("Postgres: ready").waitFor();
    await system.getByText("NATS: ready").waitFor();
    await page.getByRole("table", { name: "Organizations list" }).getByText("Smoke Org").waitFor();
    await page.getByRole("textbox", { name: "Organization name" }).fill("Made In Console");
    await page.getByRole("button", { name: "Create organization" }).click();
    const key = await page.getByLabel("New API key").textContent();
    expect(key).toMatch(/^sk_/);
    await page.getByRole("table", { name: "Organizations list" }).getByText("Made In Console").waitFor();
    expectClean(guarded);
  }, 60_000);
});
