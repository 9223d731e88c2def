import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateEndpointDocument, CreateEventTypeDocument } from "../generated/graphql.ts";
import { type GuardedPage, guardedPage, hasChromium, screenshot } from "../harness/browser.ts";
import {
  type ConsoleStack,
  describedBy,
  expectClean,
  expectSameDocument,
  markDocument,
  openRoute,
  signIn,
  startConsoleStack,
} from "../harness/console-browser.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";

// The console in Chromium against a real Herald (Postgres, NATS, a real receiver), every other
// host blocked: sign in with a key, create an endpoint (the server's refusal shown at the field),
// watch a test event's attempt arrive live, see a failing endpoint's attempts turn red and a
// redelivery succeed once the receiver recovers.

describe.skipIf(!hasChromium)("the console in Chromium", () => {
  let cs: ConsoleStack;
  let org: TestOrg;
  let guarded: GuardedPage;
  let okUrl: string;
  let failingUrl: string;
  let failingId: string;

  beforeAll(async () => {
    cs = await startConsoleStack();
    org = await createTestOrg(`${cs.base}/graphql`, "Acme Webhooks");
    await org.client.request(CreateEventTypeDocument, { input: { name: "order.created", description: "An order was placed." } });
    okUrl = cs.stack.receiver.url("/orders");
    failingUrl = cs.stack.receiver.url("/billing");
    guarded = await guardedPage(cs.browser.context, cs.base);
  });

  afterAll(async () => {
    await guarded?.page.close();
    await cs?.stop();
  });

  it("signs in with an API key and creates an endpoint, showing the server's refusal of a bad URL at the field", async () => {
    const { page } = guarded;
    await signIn(page, cs.base, org.token);
    await expect.poll(() => page.getByLabel("Organization").textContent()).toBe("Acme Webhooks");

    await page.getByRole("button", { name: "New endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "New endpoint" });
    const url = dialog.getByRole("textbox", { name: "URL" });
    await url.fill("ftp://x");
    await dialog.getByRole("combobox", { name: "Event types" }).fill("order.*");
    await dialog.getByRole("combobox", { name: "Event types" }).press("Enter");
    await dialog.getByRole("button", { name: "Create endpoint" }).click();
    // At the field: the input is marked invalid and described by the server's message.
    await expect.poll(() => url.getAttribute("aria-invalid")).toBe("true");
    expect(await describedBy(url)).toContain("URL must use https or http");

    await url.fill(okUrl);
    await dialog.getByRole("textbox", { name: "Description" }).fill("Order events for the warehouse");
    await dialog.getByRole("button", { name: "Create endpoint" }).click();
    // Created: the console goes to the endpoint's page.
    await page.getByRole("heading", { name: okUrl }).waitFor();
    expect(page.url()).toMatch(/#\/endpoints\/ep_/);
    expectClean(guarded);
  });

  it("shows a test event's attempt in the live panel without reloading the page", async () => {
    const { page } = guarded;
    const live = page.getByRole("region", { name: "Live attempts" });
    await live.getByText("Waiting for attempts").waitFor();
    await markDocument(page);

    await page.getByRole("button", { name: "Test", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Send a test event" });
    // Picked from the catalogue's suggestions.
    await dialog.getByRole("combobox", { name: "Event type" }).fill("order.cre");
    await page.getByRole("option", { name: "order.created" }).click();
    await dialog.getByRole("button", { name: "Send test event" }).click();
    await dialog.getByRole("status").getByText("Sent.").waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    const rows = live.getByRole("table", { name: "Live attempts list" }).locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().locator("[data-outcome]").getAttribute("data-outcome")).toBe("succeeded");
    expect(cs.stack.receiver.on("/orders")).toHaveLength(1);
    await expectSameDocument(page);
    // The figures and the log follow the live attempt (reloaded by the page, at most once a second).
    const log = page.getByRole("region", { name: "Delivery log" });
    await expect.poll(() => log.locator("[data-status]").first().getAttribute("data-status")).toBe("SUCCEEDED");
    // Without the focus ring the closed dialog hands back to "Test".
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, "endpoint-detail");
    expectClean(guarded);
  });

  it("shows a failing endpoint's attempts in red, and a redelivery from the delivery page succeeds once the receiver recovers", async () => {
    const { page } = guarded;
    let receiverStatus = 500;
    cs.stack.receiver.respond("/billing", () => ({ status: receiverStatus, body: receiverStatus === 200 ? "ok" : "billing is down" }));
    const { createEndpoint } = await org.client.request(CreateEndpointDocument, { input: { url: failingUrl, eventTypes: ["invoice.*"] } });
    failingId = createEndpoint.id;

    await openRoute(page, `#/endpoints/${failingId}`);
    await page.getByRole("heading", { name: failingUrl }).waitFor();
    const live = page.getByRole("region", { name: "Live attempts" });
    await live.getByText("Waiting for attempts").waitFor();
    await page.getByRole("button", { name: "Test", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Send a test event" });
    await dialog.getByRole("combobox", { name: "Event type" }).fill("invoice.paid");
    await dialog.getByRole("button", { name: "Send test event" }).click();
    await dialog.getByRole("status").getByText("Sent.").waitFor();
    await page.keyboard.press("Escape");

    // RETRY_SCHEDULE 1,1,1: the first attempt and three retries, all refused by the receiver.
    const outcomes = live.getByRole("table", { name: "Live attempts list" }).locator("tbody [data-outcome]");
    await expect
      .poll(async () => (await outcomes.evaluateAll((els) => els.map((e) => e.getAttribute("data-outcome")))).join(","), { timeout: 20_000 })
      .toBe("failed,failed,failed,failed");

    // The delivery's page, by the link in the live panel.
    const link = live.getByRole("link").first();
    const deliveryId = await link.textContent();
    await link.click();
    await page.getByRole("heading", { name: `Delivery ${deliveryId}` }).waitFor();
    const status = page.locator("[data-status]").first();
    await expect.poll(() => status.getAttribute("data-status"), { timeout: 15_000 }).toBe("FAILED");
    const attempts = page.getByRole("region", { name: "Attempts" }).getByRole("table", { name: "Attempts list" }).locator("tbody tr");
    expect(await attempts.count()).toBe(4);
    await expect.poll(() => page.getByLabel("Payload as sent").textContent()).toContain("invoice.paid");

    receiverStatus = 200;
    await page.getByRole("button", { name: "Redeliver" }).click();
    await expect.poll(() => attempts.count(), { timeout: 15_000 }).toBe(5);
    const manual = attempts.filter({ hasText: "manual" });
    await expect.poll(() => manual.locator("[data-outcome]").getAttribute("data-outcome")).toBe("succeeded");
    await expect.poll(() => status.getAttribute("data-status")).toBe("SUCCEEDED");
    expect(cs.stack.receiver.on("/billing")).toHaveLength(5);
    await screenshot(page, "delivery");
    expectClean(guarded);
  });

  it("lists both endpoints with their figures", async () => {
    const { page } = guarded;
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Endpoints" }).click();
    const table = page.getByRole("table", { name: "Endpoints" });
    await table.getByRole("row", { name: new RegExp(failingUrl) }).waitFor();
    await expect.poll(() => table.getByRole("row", { name: new RegExp(okUrl) }).textContent()).toContain("1 ok");
    await screenshot(page, "endpoints");
    expectClean(guarded);
  });
});
