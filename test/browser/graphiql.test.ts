import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_LOADED_TEXT, writeConsoleFixture } from "../../src/infra/console-fixture.ts";
import { type GuardedPage, guardedPage, hasChromium, launchBrowser, screenshot, type TestBrowser } from "../harness/browser.ts";
import { type HeraldStack, startHeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";

// GraphiQL and the console's page in Chromium, with every host but Herald's blocked: GraphiQL
// must load from Herald alone (it used to stay on "Loading…" without unpkg) and run a query
// under a policy that allows only same-origin scripts.

const ORG_NAME = "Browser Test Org";

describe.skipIf(!hasChromium)("in Chromium", () => {
  let stack: HeraldStack;
  let browser: TestBrowser;
  let base: string;
  let org: TestOrg;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = writeConsoleFixture();
    stack = await startHeraldStack({ CONSOLE_DIR: consoleDir });
    base = `http://127.0.0.1:${stack.herald.port}`;
    org = await createTestOrg(`${base}/graphql`, ORG_NAME);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  /** What no page may do: reach another host, break its policy, or log an error. */
  function expectClean(guarded: GuardedPage) {
    expect(guarded.blocked).toEqual([]);
    expect(guarded.cspViolations).toEqual([]);
    expect(guarded.errors).toEqual([]);
  }

  it("GraphiQL loads from Herald alone and runs a query with an API key set in its headers editor", async () => {
    const guarded = await guardedPage(browser.context, base);
    const { page } = guarded;
    const res = await page.goto(`${base}/graphql`);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self';");

    const queryEditor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await queryEditor.waitFor({ timeout: 30_000 });
    await queryEditor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    // insertText, not type: Monaco would close every brace typed.
    await page.keyboard.insertText("{ viewer { organization { name } } }");

    await page.locator('button[data-name="headers"]').click();
    const headersEditor = page.locator(".graphiql-editor-tool .monaco-editor:visible").first();
    await headersEditor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${org.token}` }));

    await page.locator(".graphiql-execute-button").click();
    // Monaco renders spaces as no-break spaces.
    const response = async () => ((await page.locator(".graphiql-response").textContent()) ?? "").replace(/\s+/g, " ");
    await expect.poll(response, { timeout: 30_000 }).toContain(`"organization": { "name": "${ORG_NAME}" }`);
    // The variables tab, so the screenshot shows no key and is the same from run to run.
    await page.locator('button[data-name="variables"]').click();
    await screenshot(page, "graphiql");
    expectClean(guarded);
    await page.close();
  });

  it("connect-src 'self' lets the page open graphql-ws on Herald's host, and nothing else", async () => {
    const guarded = await guardedPage(browser.context, base);
    const { page } = guarded;
    await page.goto(`${base}/graphql`);
    const opened = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url, "graphql-transport-ws");
          ws.onopen = () => resolve("open");
          ws.onerror = () => resolve("error");
        }),
      `${base.replace("http:", "ws:")}/graphql`,
    );
    expect(opened).toBe("open");
    expect(guarded.cspViolations).toEqual([]);

    const refused = await page.evaluate(() =>
      fetch("http://127.0.0.2:9/").then(
        () => "sent",
        () => "refused",
      ),
    );
    expect(refused).toBe("refused");
    await expect.poll(() => guarded.cspViolations).toEqual(["connect-src http://127.0.0.2:9/"]);
    await page.close();
  });

  it("the console's page and its hashed files load under the same policy", async () => {
    const guarded = await guardedPage(browser.context, base);
    const { page } = guarded;
    const res = await page.goto(`${base}/console/endpoints`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["x-frame-options"]).toBe("DENY");
    await expect.poll(() => page.locator("#root").textContent()).toBe(FIXTURE_LOADED_TEXT);
    expectClean(guarded);
    await page.close();
  });
});
