import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateEndpointDocument, CreateEventTypeDocument, SendTestEventDocument } from "../generated/graphql.ts";
import { type GuardedPage, guardedPage, hasChromium, launchBrowser, screenshot, type TestBrowser } from "../harness/browser.ts";
import { type HeraldStack, startHeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";

// The console (console/dist, built by `npm run build:console`) in Chromium against a real
// Herald stack, every other host blocked: sign in with a key, create an endpoint (a bad URL
// refused at its field), see a test event's attempt arrive in the live panel without a reload,
// see a failing endpoint's attempts in red and a redelivery succeed.

describe.skipIf(!hasChromium)("the console in Chromium", () => {
  let stack: HeraldStack;
  let browser: TestBrowser;
  let base: string;
  let org: TestOrg;

  beforeAll(async () => {
    stack = await startHeraldStack();
    base = `http://127.0.0.1:${stack.herald.port}`;
    org = await createTestOrg(`${base}/graphql`, "Console Org");
    await org.client.request(CreateEventTypeDocument, { input: { name: "order.created", description: "An order was placed." } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  function expectClean(guarded: GuardedPage) {
    expect(guarded.blocked).toEqual([]);
    expect(guarded.cspViolations).toEqual([]);
    expect(guarded.errors).toEqual([]);
  }

  async function signedIn(): Promise<GuardedPage> {
    const guarded = await guardedPage(browser.context, base);
    const { page } = guarded;
    await page.goto(`${base}/console/`);
    await page.getByLabel("API key").fill(org.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Endpoints" }).waitFor();
    return guarded;
  }

  /** Attempt badges of a region's table, by outcome. */
  const outcomes = (guarded: GuardedPage, region: string) =>
    guarded.page
      .getByRole("region", { name: region })
      .locator("[data-outcome]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-outcome")));

  it("signs in, refuses a bad URL at its field, creates an endpoint and streams its test event's attempt live", async () => {
    const guarded = await signedIn();
    const { page } = guarded;
    await page.getByRole("button", { name: "New endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "New endpoint" });
    await dialog.getByRole("textbox", { name: "URL" }).fill("ftp://example.com/hook");
    await dialog.getByRole("combobox", { name: "Event types" }).fill("order.*");
    await dialog.getByRole("combobox", { name: "Event types" }).press("Enter");
    await dialog.getByRole("button", { name: "Create endpoint" }).click();
    await dialog.getByText("URL must use https or http").waitFor();
    expect(await dialog.getByRole("textbox", { name: "URL" }).getAttribute("aria-invalid")).toBe("true");

    const url = stack.receiver.url("/console-live");
    await dialog.getByRole("textbox", { name: "URL" }).fill(url);
    await dialog.getByRole("button", { name: "Create endpoint" }).click();
    // A new endpoint opens on its own page.
    await page.getByRole("heading", { name: url }).waitFor();
    await page.getByRole("region", { name: "Live attempts" }).waitFor();

    await page.getByRole("button", { name: "Test" }).click();
    const test = page.getByRole("dialog", { name: "Send a test event" });
    await test.getByRole("combobox", { name: "Event type" }).fill("order.cre");
    await page.getByRole("option", { name: "order.created" }).click();
    await test.getByRole("button", { name: "Send test event" }).click();
    await test.getByText("Sent.").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => outcomes(guarded, "Live attempts"), { timeout: 15_000 }).toEqual(["succeeded"]);
    expect(stack.receiver.on("/console-live")).toHaveLength(1);
    await screenshot(page, "endpoint-detail");
    expectClean(guarded);
    await page.close();
  });

  it("shows a failing endpoint's attempts in red, and a redelivery from the delivery page succeeds", async () => {
    stack.receiver.respond("/console-failing", () => ({ status: 500, body: "receiver down" }));
    const input = { url: stack.receiver.url("/console-failing"), eventTypes: ["order.*"], retrySchedule: [600] };
    const endpoint = (await org.client.request(CreateEndpointDocument, { input })).createEndpoint;
    const guarded = await signedIn();
    const { page } = guarded;
    await page.goto(`${base}/console/#/endpoints/${endpoint.id}`);
    await page.getByRole("region", { name: "Live attempts" }).waitFor();
    const { sendTestEvent } = await org.client.request(SendTestEventDocument, { endpointId: endpoint.id, eventType: "order.created" });
    await expect.poll(() => outcomes(guarded, "Live attempts"), { timeout: 15_000 }).toEqual(["failed"]);

    stack.receiver.respond("/console-failing", () => ({ status: 200 }));
    await page.goto(`${base}/console/#/deliveries/${sendTestEvent.id}`);
    await page.getByRole("region", { name: "Attempts" }).waitFor();
    await expect.poll(() => outcomes(guarded, "Attempts")).toEqual(["failed"]);
    await page.getByRole("button", { name: "Redeliver" }).click();
    await expect.poll(() => outcomes(guarded, "Attempts"), { timeout: 15_000 }).toContain("succeeded");
    await screenshot(page, "delivery");
    // The failed attempt's 500 is the only console error a page may log here: none.
    expectClean(guarded);
    await page.close();
  });
});
