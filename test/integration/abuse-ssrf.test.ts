import { promises as dns } from "node:dns";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliveryClient } from "../../src/delivery/http-client.ts";
import type { LookupAll } from "../../src/rules/url-policy.ts";
import { createEndpoint as createEndpointChecked } from "../../src/domain/endpoints.ts";
import { InputError } from "../../src/domain/errors.ts";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { startWorkers, type Workers } from "../../src/app/workers.ts";
import { CreateEndpointDocument, UpdateEndpointDocument } from "../generated/graphql.ts";
import { startTestServers, testConfig, type TestServers } from "../harness/env.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { orgWithEndpoints } from "../harness/load.ts";
import { RawReceiver } from "../harness/raw-receiver.ts";
import { eventually } from "../harness/wait.ts";

// SPEC §4/§7 with ALLOW_INSECURE_ENDPOINTS=false: every spelling of an internal address is
// refused when the endpoint is saved and again when a delivery connects. The workers are
// Herald's own ingest and delivery stages, assembled here with a resolver the test controls,
// so a hostname can change its answer after the endpoint was accepted (DNS rebinding).
let servers: TestServers;
let api: RunningHerald;
let workers: Workers;
let trap: RawReceiver;
const rebinding = { address: "93.184.216.34" };
const lookup: LookupAll = async (host) => (host === "rebind.example" ? [{ address: rebinding.address, family: 4 }] : dns.lookup(host, { all: true }));

beforeAll(async () => {
  servers = await startTestServers();
  trap = await new RawReceiver("silent").start();
  api = await startHerald(testConfig(servers, { HERALD_ROLE: "api", ALLOW_INSECURE_ENDPOINTS: "false" }), createLogger("silent"));
  const { services } = api;
  const registry = new Registry();
  const client = createDeliveryClient({ timeoutMs: 1_000, allowInsecure: false, lookup });
  workers = await startWorkers(services, registry, { client });
});

afterAll(async () => {
  await workers?.stop();
  await api?.stop();
  await trap?.stop();
  await servers?.stop();
});

/** Internal destinations in the spellings an attacker would try; `P` becomes the trap's port. */
const INTERNAL = [
  "https://localhost:P/x",
  "https://LOCALHOST.:P/x",
  "https://api.localhost:P/x",
  "https://127.0.0.1:P/x",
  "https://127.1:P/x",
  "https://2130706433:P/x",
  "https://0177.0.0.1:P/x",
  "https://0x7f.0.0.1:P/x",
  "https://0x7f000001:P/x",
  "https://[::1]:P/x",
  "https://[0:0:0:0:0:0:0:1]:P/x",
  "https://[::ffff:127.0.0.1]:P/x",
  "https://[::ffff:7f00:1]:P/x",
  "https://[::127.0.0.1]:P/x",
  "https://0.0.0.0:P/x",
  "https://169.254.169.254:P/latest/meta-data",
  "https://[::ffff:169.254.169.254]:P/latest/meta-data",
  "https://[fd00:ec2::254]:P/x",
  "https://10.0.0.1:P/x",
  "https://192.168.1.1:P/x",
  "https://[fe80::1]:P/x",
];

describe("SSRF", () => {
  it("refuses every internal address when an endpoint is created or updated", async () => {
    const org = await orgWithEndpoints(`http://127.0.0.1:${api.port}`, []);
    // A public address is accepted (no event is ever published to it).
    const publicId = (await org.client.request(CreateEndpointDocument, { input: { url: "https://93.184.216.34/hook", eventTypes: ["*"] } })).createEndpoint.id;
    let refused = 0;
    for (const raw of INTERNAL) {
      const url = raw.replace("P", String(trap.port));
      const error = await org.client.fail("BAD_USER_INPUT", CreateEndpointDocument, { input: { url, eventTypes: ["*"] } });
      expect(error.extensions?.issues?.[0]?.path, url).toEqual(["input", "url"]);
      await org.client.fail("BAD_USER_INPUT", UpdateEndpointDocument, { id: publicId, input: { url } });
      refused++;
    }
    console.log(`[abuse] ssrf at create: ${INTERNAL.length} internal URLs x (create, update) | accepted=${INTERNAL.length - refused} refused=${refused}`);
    expect(refused).toBe(INTERNAL.length);
  });

  it("refuses them again at delivery time, before any connection, without retrying", async () => {
    const { services } = api;
    const org = (await orgWithEndpoints(`http://127.0.0.1:${api.port}`, [])).id;
    // Stored directly: this is the second line of defence, for rows the create check never saw.
    const endpoints = [];
    for (const raw of INTERNAL) endpoints.push(await createEndpoint(services, org, { url: raw.replace("P", String(trap.port)) }));
    await produce(services, org, { id: "evt_ssrf", type: "a.b" });
    const prisma = services.db.prisma;
    await eventually(
      "every delivery failed",
      async () => (await prisma.delivery.count({ where: { organizationId: org, status: "FAILED" } })) === INTERNAL.length,
      20_000,
    );
    const attempts = await prisma.deliveryAttempt.findMany({ where: { organizationId: org } });
    expect(attempts).toHaveLength(INTERNAL.length);
    for (const a of attempts) expect(a.error, a.errorMessage ?? "").toBe("BLOCKED_ADDRESS");
    console.log(
      `[abuse] ssrf at delivery: ${INTERNAL.length} internal URLs | attempts=${attempts.length} blocked=${attempts.filter((a) => a.error === "BLOCKED_ADDRESS").length} connections to the trap=${trap.connections}`,
    );
    expect(trap.connections).toBe(0);
  });

  it("refuses a hostname whose DNS answer turns private after the endpoint was accepted", async () => {
    const { services } = api;
    const org = (await orgWithEndpoints(`http://127.0.0.1:${api.port}`, [])).id;
    const url = `https://rebind.example:${trap.port}/hook`;
    rebinding.address = "10.1.2.3";
    await expect(createEndpointChecked(services, org, { url, eventTypes: ["*"] }, { lookup })).rejects.toBeInstanceOf(InputError);
    rebinding.address = "93.184.216.34";
    const endpoint = await createEndpointChecked(services, org, { url, eventTypes: ["*"] }, { lookup });
    rebinding.address = "127.0.0.1";
    await produce(services, org, { id: "evt_rebind", type: "a.b" });
    const prisma = services.db.prisma;
    const failed = await eventually("delivery failed", () =>
      prisma.delivery.findFirst({ where: { endpointId: endpoint.id, status: "FAILED" }, include: { attempts: true } }),
    );
    expect(failed.attempts.map((a) => a.error)).toEqual(["BLOCKED_ADDRESS"]);
    expect(failed.attempts[0]!.errorMessage).toMatch(/rebind\.example resolves to 127\.0\.0\.1/);
    console.log(
      `[abuse] ssrf DNS rebinding: accepted at 93.184.216.34, refused at 10.1.2.3, answer changed to 127.0.0.1 | attempts=${failed.attempts.length} blocked=1 connections to the trap=${trap.connections}`,
    );
    expect(trap.connections).toBe(0);
  });
});
