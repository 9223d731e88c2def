import { newId } from "../../src/rules/ids.ts";
import { CreateEndpointDocument, CreateEventTypeDocument, EndpointSecretDocument } from "../generated/graphql.ts";
import { createTestOrg, type ControlPlane, type TestOrg } from "./control-plane.ts";
import { storeDelivery, storeEvent } from "./seed.ts";

export interface TenantPair {
  a: TestOrg;
  b: TestOrg;
  /** Tenant A's objects, the ones tenant B must never reach. */
  A: { endpoint: string; secret: string; event: string; delivery: string };
}

/**
 * Two organizations; A owns one of each kind of object (event type, endpoint and secret,
 * event, a FAILED delivery with two attempts, a rejected message whose excerpt is "a secret").
 */
export async function seedTenantPair(cp: ControlPlane, eventId: string): Promise<TenantPair> {
  const a = await createTestOrg(cp, "Tenant A");
  const b = await createTestOrg(cp, "Tenant B");
  const prisma = cp.herald.services.db.prisma;
  await a.client.request(CreateEventTypeDocument, { input: { name: "a.private" } });
  const { createEndpoint } = await a.client.request(CreateEndpointDocument, { input: { url: "http://127.0.0.1:9/a", eventTypes: ["*"] } });
  const endpoint = createEndpoint.id;
  const secret = (await a.client.request(EndpointSecretDocument, { endpointId: endpoint })).endpointSecret.key;
  const event = (await storeEvent(prisma, a.id, { id: eventId, data: { owner: "A" } })).id;
  const delivery = await storeDelivery(prisma, a.id, endpoint, event, "FAILED", 2);
  await prisma.rejectedMessage.create({
    data: {
      id: newId("rej"),
      organizationId: a.id,
      subject: `events.${a.id}.x`,
      reason: "not JSON",
      excerpt: new Uint8Array(Buffer.from("a secret")),
      size: 8,
    },
  });
  return { a, b, A: { endpoint, secret, event, delivery } };
}
