import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { RawReceiver } from "../harness/raw-receiver.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { printTally, tallyReceipts } from "../harness/tally.ts";
import { eventually } from "../harness/wait.ts";

// Four hostile receivers share an organization with a healthy one; each is handled as
// SPEC §6 says, and the healthy endpoint gets every event while they misbehave.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let silent: RawReceiver;
let huge: RawReceiver;

beforeAll(async () => {
  silent = await new RawReceiver("silent").start();
  huge = await new RawReceiver("huge").start();
  stack = await startHeraldStack({ DELIVERY_TIMEOUT_MS: "1000", RETRY_SCHEDULE: "1,1" });
  ({ herald, receiver } = stack);
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([silent?.stop(), huge?.stop()]);
});

describe("hostile receivers", () => {
  it("times out, truncates, refuses to follow and gives up as specified, without slowing a healthy endpoint", async () => {
    const prisma = herald.services.db.prisma;
    const org = await seedOrg(herald.services);
    receiver.respond("/redirect", () => ({ status: 302, headers: { location: receiver.url("/internal") } }));
    receiver.respond("/gone", () => ({ status: 410, body: "gone" }));
    const ep = {
      // Slow retries, so it is provably still failing while the healthy endpoint completes.
      silent: await createEndpoint(herald.services, org, { url: silent.url("/never"), retrySchedule: [3, 3] }),
      huge: await createEndpoint(herald.services, org, { url: huge.url("/100mb") }),
      redirect: await createEndpoint(herald.services, org, { url: receiver.url("/redirect") }),
      gone: await createEndpoint(herald.services, org, { url: receiver.url("/gone") }),
      healthy: await createEndpoint(herald.services, org, { url: receiver.url("/healthy") }),
    };
    const n = 60;
    const ids = Array.from({ length: n }, (_, i) => `hr${i}`);
    const started = Date.now();
    await Promise.all(ids.map((id) => produce(herald.services, org, { id, type: "hostile.test" })));

    await receiver.waitFor(() => receiver.on("/healthy").length >= n, 10_000);
    const healthyMs = Date.now() - started;
    const silentSettledMeanwhile = await prisma.delivery.count({ where: { endpointId: ep.silent.id, status: { not: "PENDING" } } });
    expect(silentSettledMeanwhile).toBeLessThan(n);

    const settled = (endpointId: string, status: "SUCCEEDED" | "FAILED") =>
      eventually(`${n} deliveries ${status} at ${endpointId}`, async () => (await prisma.delivery.count({ where: { endpointId, status } })) === n, 40_000);
    await Promise.all([
      settled(ep.silent.id, "FAILED"),
      settled(ep.huge.id, "SUCCEEDED"),
      settled(ep.redirect.id, "FAILED"),
      // 410 disables the endpoint at once: what it answered is FAILED, the rest HELD.
      eventually(
        `${n} deliveries FAILED or HELD at ${ep.gone.id}`,
        async () => (await prisma.delivery.count({ where: { endpointId: ep.gone.id, status: { in: ["FAILED", "HELD"] } } })) === n,
        40_000,
      ),
      settled(ep.healthy.id, "SUCCEEDED"),
    ]);

    const attempts = async (endpointId: string) =>
      prisma.deliveryAttempt.findMany({ where: { endpointId }, select: { error: true, responseStatus: true, responseBody: true, durationMs: true } });
    const [silentAttempts, hugeAttempts, redirectAttempts, goneAttempts] = await Promise.all([
      attempts(ep.silent.id),
      attempts(ep.huge.id),
      attempts(ep.redirect.id),
      attempts(ep.gone.id),
    ]);
    // Attempts that the loaded test machine itself timed out are retried like any transient
    // failure, so counts are checked per outcome rather than in total.
    const retryable = new Set(["TIMEOUT", "CONNECTION", "RESPONSE_ERROR"]);
    // Silent: every attempt a TIMEOUT, three per delivery (schedule 3,3), then FAILED.
    expect(silentAttempts).toHaveLength(3 * n);
    expect(new Set(silentAttempts.map((a) => a.error))).toEqual(new Set(["TIMEOUT"]));
    // 100 MB answer: a 200 whose first 4 KiB are kept; the rest is never read.
    const hugeAnswered = hugeAttempts.filter((a) => a.responseStatus !== null);
    expect(hugeAnswered).toHaveLength(n);
    for (const a of hugeAnswered) {
      expect(a.responseStatus).toBe(200);
      expect(a.responseBody).toHaveLength(4096);
    }
    for (const a of hugeAttempts.filter((x) => x.responseStatus === null)) expect(retryable).toContain(a.error);
    expect(huge.bytesSent).toBeLessThan(n * 100 * 1024 * 1024 * 0.1);
    // Redirect: not followed, retried as a transient failure, then FAILED.
    expect(redirectAttempts).toHaveLength(3 * n);
    expect(new Set(redirectAttempts.filter((a) => a.responseStatus !== null).map((a) => a.responseStatus))).toEqual(new Set([302]));
    expect(receiver.on("/internal")).toHaveLength(0);
    // 410: permanent, never retried once answered, and the endpoint is disabled at once.
    const goneFailed = await prisma.delivery.count({ where: { endpointId: ep.gone.id, status: "FAILED" } });
    expect(goneFailed).toBeGreaterThanOrEqual(1);
    expect(goneAttempts.filter((a) => a.responseStatus === 410)).toHaveLength(goneFailed);
    expect(goneAttempts.filter((a) => a.responseStatus !== null && a.responseStatus !== 410)).toEqual([]);
    expect(await prisma.endpoint.findUniqueOrThrow({ where: { id: ep.gone.id } })).toMatchObject({
      status: "DISABLED",
      disabledReason: expect.stringMatching(/410/),
    });

    const rss = process.memoryUsage().rss;
    const tally = tallyReceipts(receiver, ["/healthy"], ids);
    printTally(
      `silent TCP (${silent.connections} connections, ${silentAttempts.length} timeouts), 100 MB bodies (${Math.round(huge.bytesSent / 1048576)} MB of ${n * 100} MB written before Herald hung up; test process rss ${Math.round(rss / 1048576)} MB), 302 to 127.0.0.1 (${receiver.on("/redirect").length} answers, 0 followed), 410 (${goneAttempts.length} attempts), ${hugeAttempts.length - hugeAnswered.length} 100 MB attempts retried after a local timeout; healthy endpoint served in ${healthyMs} ms, while ${n - silentSettledMeanwhile} silent deliveries were still pending`,
      tally,
    );
    expect(tally.lost).toBe(0);
  });

  it("records an answer holding NUL bytes (which Postgres text cannot hold) instead of failing the attempt log", async () => {
    const prisma = herald.services.db.prisma;
    const org = await seedOrg(herald.services);
    receiver.respond("/nul", () => ({ status: 200, body: "ok\u0000\u0000done" }));
    const nul = await createEndpoint(herald.services, org, { url: receiver.url("/nul") });
    const healthy = await createEndpoint(herald.services, org, { url: receiver.url("/beside-nul") });
    await produce(herald.services, org, { id: "nul-1", type: "hostile.test" });
    await eventually(
      "both deliveries succeeded",
      async () => (await prisma.delivery.count({ where: { organizationId: org, status: "SUCCEEDED" } })) === 2,
      10_000,
    );
    const [attempt] = await prisma.deliveryAttempt.findMany({ where: { endpointId: nul.id } });
    expect(attempt?.responseBody).toBe("ok\ufffd\ufffddone");
    expect(await prisma.deliveryAttempt.count({ where: { endpointId: healthy.id } })).toBe(1);
  });
});
