import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { portalTokenHash } from "../../src/rules/portal-tokens.ts";
import {
  CreateEndpointDocument,
  PortalCreateSessionDocument,
  PortalSetFrameAncestorsDocument,
  RedeliverDocument,
  SendTestEventDocument,
} from "../generated/graphql.ts";
import { type GuardedPage, guardedPage, hasChromium, screenshot } from "../harness/browser.ts";
import {
  type ConsoleStack,
  expectClean,
  type FramingSite,
  mutatingButtons,
  openRoute,
  startConsoleStack,
  startFramingSite,
} from "../harness/console-browser.ts";
import { GraphQLClient } from "../harness/graphql-client.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";

// The embeddable portal in Chromium: a link made by createPortalSession opens one
// organization's console and nothing of another's; a read-only link renders no control that
// changes anything and its token is refused by the API for mutations; an expired link shows
// that it expired instead of the console; and only the origins the organization lists may
// frame the page.

const EXPIRED = /This link has expired or is not valid/;

describe.skipIf(!hasChromium)("the portal in Chromium", () => {
  let cs: ConsoleStack;
  let site: FramingSite;
  let acme: TestOrg;
  let globex: TestOrg;
  let acmeUrl: string;
  let acmeEndpoint: string;
  let acmeDelivery: string;
  let globexUrl: string;
  let globexEndpoint: string;
  let guarded: GuardedPage | undefined;

  beforeAll(async () => {
    cs = await startConsoleStack();
    site = await startFramingSite();
    const api = `${cs.base}/graphql`;
    [acme, globex] = await Promise.all([createTestOrg(api, "Acme Store"), createTestOrg(api, "Globex")]);
    acmeUrl = cs.stack.receiver.url("/acme-orders");
    globexUrl = cs.stack.receiver.url("/globex-private-hook");
    const [a, g] = await Promise.all([
      acme.client.request(CreateEndpointDocument, { input: { url: acmeUrl, eventTypes: ["order.*"], description: "Orders" } }),
      globex.client.request(CreateEndpointDocument, { input: { url: globexUrl, eventTypes: ["*"] } }),
    ]);
    acmeEndpoint = a.createEndpoint.id;
    globexEndpoint = g.createEndpoint.id;
    const { sendTestEvent } = await acme.client.request(SendTestEventDocument, { endpointId: acmeEndpoint, eventType: "order.created" });
    acmeDelivery = sendTestEvent.id;
    await cs.stack.receiver.waitFor(() => cs.stack.receiver.on("/acme-orders").length === 1);
  });

  afterEach(async () => {
    await guarded?.page.close();
    guarded = undefined;
  });

  afterAll(async () => {
    await site?.stop();
    await cs?.stop();
  });

  async function portalLink(org: TestOrg, input: { readOnly?: boolean; expiresInSeconds?: number } = {}) {
    const { createPortalSession } = await org.client.request(PortalCreateSessionDocument, { input });
    return createPortalSession;
  }

  async function open(url: string, origins: string[] = [cs.base]): Promise<Page> {
    guarded = await guardedPage(cs.browser.context, origins);
    await guarded.page.goto(url);
    return guarded.page;
  }

  /**
   * The three pages a portal user reads, each once its data has loaded; first the organization's
   * label, which tells that the session's kind (read-only or not) is known to the page.
   */
  async function eachPage(page: Page, label: string, visit: (name: string) => Promise<void>): Promise<void> {
    await expect.poll(() => page.getByLabel("Organization").textContent()).toBe(label);
    await page
      .getByRole("table", { name: "Endpoints" })
      .getByRole("row", { name: new RegExp(acmeUrl) })
      .waitFor();
    await visit("endpoints");
    await openRoute(page, `#/endpoints/${acmeEndpoint}`);
    await page.getByRole("heading", { name: acmeUrl }).waitFor();
    await page.getByRole("table", { name: "Live attempts list" }).locator("[data-outcome]").first().waitFor();
    await visit("endpoint");
    await openRoute(page, `#/deliveries/${acmeDelivery}`);
    await page.getByRole("table", { name: "Attempts list" }).locator("[data-outcome]").first().waitFor();
    await visit("delivery");
  }

  it("opens the organization's endpoints and nothing of another organization", async () => {
    const link = await portalLink(acme);
    expect(link.url).toBe(`${cs.base}/console?organization=${acme.id}#portal=${link.token}`);
    const page = await open(link.url);
    // The token leaves the address bar (history, bookmarks, shared screens) at once.
    await expect.poll(() => page.url()).toBe(`${cs.base}/console?organization=${acme.id}#/endpoints`);

    // A full session: the controls are there (the read-only test below looks for these names).
    const seen: Record<string, string[]> = {};
    await eachPage(page, "Acme Store · portal", async (name) => {
      seen[name] = await mutatingButtons(page);
    });
    expect(seen.endpoints).toEqual(expect.arrayContaining(["New endpoint", "Edit", "Disable", "Secret", "Test", "Delete"]));
    expect(seen.endpoint).toEqual(expect.arrayContaining(["Edit", "Disable", "Secret", "Test", "Delete"]));
    expect(seen.delivery).toEqual(["Redeliver"]);

    await openRoute(page, `#/endpoints/${globexEndpoint}`);
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/not found/i);
    await openRoute(page, "#/endpoints");
    await page
      .getByRole("table", { name: "Endpoints" })
      .getByRole("row", { name: new RegExp(acmeUrl) })
      .waitFor();
    expect(await page.getByRole("table", { name: "Endpoints" }).locator("tbody tr").count()).toBe(1);
    expect(await page.content()).not.toContain(globexUrl);
    expectClean(guarded!);
  });

  it("a read-only link renders no control that changes anything, and the API refuses its mutations", async () => {
    const link = await portalLink(acme, { readOnly: true });
    const page = await open(link.url);
    const seen: Record<string, string[]> = {};
    await eachPage(page, "Acme Store · portal (read-only)", async (name) => {
      seen[name] = await mutatingButtons(page);
    });
    await openRoute(page, "#/events");
    await page.getByRole("table", { name: "Events" }).locator("tbody tr").first().waitFor();
    seen.events = await mutatingButtons(page);
    expect(seen).toEqual({ endpoints: [], endpoint: [], delivery: [], events: [] });

    const token = new GraphQLClient(`${cs.base}/graphql`, link.token);
    await token.fail("FORBIDDEN", CreateEndpointDocument, { input: { url: cs.stack.receiver.url("/ro"), eventTypes: ["*"] } });
    await token.fail("FORBIDDEN", SendTestEventDocument, { endpointId: acmeEndpoint, eventType: "order.created" });
    await token.fail("FORBIDDEN", RedeliverDocument, { deliveryId: acmeDelivery });
    expect(cs.stack.receiver.on("/acme-orders")).toHaveLength(1);
    expectClean(guarded!);
  });

  it("an expired link shows that it expired, not the console nor a key form", async () => {
    const link = await portalLink(acme, { expiresInSeconds: 60 });
    const { count } = await cs.stack.herald.services.db.prisma.portalSession.updateMany({
      where: { tokenHash: new Uint8Array(portalTokenHash(link.token)) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(count).toBe(1);
    const page = await open(link.url);
    await page.getByText(EXPIRED).waitFor();
    expect(await page.getByRole("navigation", { name: "Console" }).count()).toBe(0);
    expect(await page.getByRole("textbox", { name: "API key" }).count()).toBe(0);
    expect(await page.content()).not.toContain(acmeUrl);
    // Chromium logs the refused credential's 401 itself.
    expectClean(guarded!, [/status of 401/]);
  });

  it("may be framed only by the origins the organization lists", async () => {
    const frame = (page: Page) => page.frameLocator('iframe[title="Webhooks portal"]');
    const consoleResponse = (page: Page) => page.waitForResponse((r) => r.url().startsWith(`${cs.base}/console?`));

    // Nobody listed: the page says so and Chromium refuses to show it in the frame.
    const refused = await portalLink(acme);
    guarded = await guardedPage(cs.browser.context, [cs.base, site.origin]);
    let page = guarded.page;
    let response = consoleResponse(page);
    await page.goto(site.pageFor(refused.url));
    let headers = (await response).headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    const refusal = /^Framing 'http:\/\/127\.0\.0\.1:\d+\/' violates the following Content Security Policy directive: "frame-ancestors 'none'"/;
    await expect.poll(() => guarded!.errors.filter((e) => refusal.test(e))).toHaveLength(1);
    // In the frame: Chromium's error page, not the console.
    expect(page.frames().map((f) => f.url())).toEqual([site.pageFor(refused.url), "chrome-error://chromewebdata/"]);
    expect(await frame(page).getByRole("navigation", { name: "Console" }).count()).toBe(0);
    expectClean(guarded, [refusal]);
    await page.close();

    // The platform's origin listed: framed, and the console runs in the frame.
    await acme.client.request(PortalSetFrameAncestorsDocument, { frameAncestors: [site.origin] });
    const allowed = await portalLink(acme, { readOnly: true });
    guarded = await guardedPage(cs.browser.context, [cs.base, site.origin]);
    page = guarded.page;
    response = consoleResponse(page);
    await page.goto(site.pageFor(allowed.url));
    headers = (await response).headers();
    expect(headers["content-security-policy"]).toContain(`frame-ancestors ${site.origin};`);
    expect(headers["x-frame-options"]).toBeUndefined();
    await expect.poll(() => frame(page).getByLabel("Organization").textContent()).toBe("Acme Store · portal (read-only)");
    await frame(page)
      .getByRole("table", { name: "Endpoints" })
      .getByRole("row", { name: new RegExp(acmeUrl) })
      .waitFor();
    await screenshot(page, "portal");
    expectClean(guarded);
  });
});
