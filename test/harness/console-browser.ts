import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { type GuardedPage, launchBrowser, type TestBrowser } from "./browser.ts";
import { type HeraldStack, startHeraldStack } from "./herald-stack.ts";

// The built console (console/dist) served by a real Herald stack, and Chromium beside it: what
// the console's browser tests share.

/** `npm run build:console`'s output in this checkout. */
export const CONSOLE_DIST = path.resolve(import.meta.dirname, "../../console/dist");

export interface ConsoleStack {
  stack: HeraldStack;
  browser: TestBrowser;
  /** Herald's origin, e.g. `http://127.0.0.1:41234`. */
  base: string;
  stop(): Promise<void>;
}

export async function startConsoleStack(env: Record<string, string> = {}): Promise<ConsoleStack> {
  // A missing build would only show as a 503 page and a timeout further on.
  if (!existsSync(path.join(CONSOLE_DIST, "index.html"))) throw new Error(`the console is not built: run \`npm run build:console\` (${CONSOLE_DIST})`);
  const stack = await startHeraldStack({ CONSOLE_DIR: CONSOLE_DIST, ...env });
  const browser = await launchBrowser().catch(async (err) => {
    await stack.stop();
    throw err;
  });
  return {
    stack,
    browser,
    base: `http://127.0.0.1:${stack.herald.port}`,
    async stop() {
      await browser.close();
      await stack.stop();
    },
  };
}

/** What no page may do: reach another host, break its policy, or log an error (but those `expected`). */
export function expectClean(guarded: GuardedPage, expected: RegExp[] = []): void {
  expect(guarded.blocked).toEqual([]);
  expect(guarded.cspViolations).toEqual([]);
  expect(guarded.errors.filter((e) => !expected.some((re) => re.test(e)))).toEqual([]);
}

/** Signs in on the console's page with an API key, through its form, and waits for the shell. */
export async function signIn(page: Page, base: string, apiKey: string): Promise<void> {
  await page.goto(`${base}/console/`);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByRole("textbox", { name: "API key" }).fill(apiKey);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Console" }).waitFor();
}

/** Navigates by the console's hash routes (`#/endpoints/ep_…`), as a link does: the page is not reloaded. */
export async function openRoute(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, route);
}

/**
 * Marks the document, so `expectSameDocument` can tell that what a test saw next arrived
 * without a reload (a live feed, not a page that fetched everything again).
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as Record<string, unknown>).__heraldTestMark = true;
  });
}

export async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__heraldTestMark === true)).toBe(true);
}

/** The buttons that change something; a read-only portal must render none of them. */
export const MUTATING_BUTTONS = /^(New endpoint|Edit|Disable|Enable|Delete|Delete endpoint|Secret|Rotate secret|Test|Send test event|Redeliver|Replay|Skip)$/;

/** The mutating buttons present in `scope`, by name. */
export async function mutatingButtons(scope: Page | Locator): Promise<string[]> {
  const names = await scope.getByRole("button", { name: MUTATING_BUTTONS }).allTextContents();
  return names.map((n) => n.trim());
}

/** The text of what describes a field (`aria-describedby`): its description and error message. */
export function describedBy(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" "),
  );
}

/** A platform's page on another origin that embeds a portal link: `/?src=<url>` frames `url`. */
export interface FramingSite {
  origin: string;
  pageFor(src: string): string;
  stop(): Promise<void>;
}

const attr = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

export async function startFramingSite(): Promise<FramingSite> {
  const server = createServer((req, res) => {
    const src = new URL(req.url ?? "/", "http://x").searchParams.get("src") ?? "about:blank";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><title>Acme Platform</title></head>
<body style="margin:0;font-family:sans-serif;background:#1f2933;color:#fff">
<header style="padding:12px 20px;font-size:18px">Acme Platform · Settings › Webhooks</header>
<iframe title="Webhooks portal" src="${attr(src)}" style="display:block;width:100%;height:740px;border:0;background:#fff"></iframe>
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageFor: (src) => `${origin}/?src=${encodeURIComponent(src)}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
