import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page, type Route } from "playwright-core";

/** Debian's chromium (scripts/setup.sh installs it); playwright-core downloads no browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether browser tests can run here: `describe.skipIf(!hasChromium)` keeps a machine without it honest about what it skipped. */
export const hasChromium = existsSync(CHROMIUM);

// Without these, Chromium keeps calling Google's hosts (updates, sync, field trials, QUIC probes)
// and, as root in a container, refuses to start sandboxed.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const SCREENSHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with the flags above and a fresh profile in a temp folder, removed on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), "herald-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface GuardedPage {
  page: Page;
  /** URLs the page tried to reach on another host; the requests were aborted. */
  blocked: string[];
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  /** Content-Security-Policy violations the page reported (`directive blockedURI`). */
  cspViolations: string[];
}

/**
 * A page of `context` that may reach `origin` only (or each of several, e.g. Herald and a page
 * that frames it): every request elsewhere is aborted and recorded, so a test sees at once when
 * something would load from a CDN. Close it before opening the next.
 */
export async function guardedPage(context: BrowserContext, origin: string | readonly string[]): Promise<GuardedPage> {
  const hosts = new Set((typeof origin === "string" ? [origin] : origin).map((o) => new URL(o).host));
  const isAllowed = (url: string) => hosts.has(new URL(url).host);
  const guarded: Omit<GuardedPage, "page"> = { blocked: [], errors: [], cspViolations: [] };
  // On the context, so requests of the page's workers are caught too; hence one guarded page open at a time.
  const guard = (route: Route) => {
    const url = route.request().url();
    if (isAllowed(url)) return route.continue();
    guarded.blocked.push(url);
    return route.abort("blockedbyclient");
  };
  await context.route("**/*", guard);
  const page = await context.newPage();
  page.once("close", () => void context.unroute("**/*", guard).catch(() => undefined));
  page.on("websocket", (ws) => {
    if (!isAllowed(ws.url())) guarded.blocked.push(ws.url());
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") guarded.errors.push(msg.text());
  });
  page.on("pageerror", (err) => guarded.errors.push(String(err)));
  await page.exposeFunction("__heraldCspViolation", (report: string) => guarded.cspViolations.push(report));
  // Init scripts are injected by the browser, not by the page, so the policy under test does not apply to them.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as Record<string, (s: string) => void>).__heraldCspViolation?.(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, ...guarded };
}

/** Writes docs/screenshots/<name>.png (the README shows some). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
