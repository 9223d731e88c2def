import type { JsMsg } from "@nats-io/jetstream";
import { validateAgainstSchema } from "../rules/event-schemas.ts";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import { heldEndpoints, matchingEndpoints, type OrgRouting, orderedLines } from "./routing.ts";
import { eventKey, type AcceptedEvent, type StoredBatch } from "../store/events.ts";
import type { Rejection } from "../store/rejected-messages.ts";
import { parseEventMessage, type Parsed } from "./validate.ts";

// The per-message half of ingest: each message of a batch is judged on its own, so that
// nothing about one message (thrown or not) decides another's fate.

const EXCERPT_BYTES = 4096;

/** What is left to do for one event message once its batch is stored. */
export type EventWork = { deliver: DeliveryJob[]; publish: DeliveryJob[] } | "settled" | "failed";

/** A batch's messages once judged: each accepted with its event, or rejected with the reason. */
export interface Sorted {
  accepted: { msg: JsMsg; event: AcceptedEvent }[];
  rejected: RejectedMessage[];
}
export type RejectedMessage = { msg: JsMsg; rejection: Rejection };

export function rejectionOf(msg: JsMsg, reason: string, organizationId: string | null): Rejection {
  return {
    organizationId,
    subject: msg.subject,
    reason,
    excerpt: Buffer.from(msg.data.subarray(0, EXCERPT_BYTES)),
    size: msg.data.length,
    streamSequence: msg.seq,
    publishedAt: msg.timestamp,
  };
}

/** parseEventMessage, where anything it throws is the message's rejection. */
export function parseSafely(msg: JsMsg): Parsed {
  try {
    return parseEventMessage(msg.subject, msg.data);
  } catch (err) {
    return { ok: false, reason: `message could not be read: ${(err as Error).message}` };
  }
}

/** Accepts or rejects one message: a problem with it, thrown or not, is its own rejection. */
function judge(msg: JsMsg, result: Parsed, routes: Map<string, OrgRouting | null>): Sorted["accepted"][number] | RejectedMessage {
  const org = result.organizationId ?? null;
  const route = org ? routes.get(org) : undefined;
  const reject = (reason: string) => ({ msg, rejection: rejectionOf(msg, reason, route ? org : null) });
  if (!result.ok) return reject(result.reason);
  if (!route) return reject(`unknown organization ${result.organizationId}`);
  const { envelope } = result;
  try {
    const schema = route.eventTypeSchemas.get(envelope.type);
    const problem = schema ? validateAgainstSchema(result.organizationId, schema, envelope.data) : undefined;
    if (problem) return reject(problem);
    const endpointIds = matchingEndpoints(route, envelope);
    const heldEndpointIds = heldEndpoints(route, envelope);
    return {
      msg,
      event: {
        organizationId: result.organizationId,
        id: envelope.id,
        type: envelope.type,
        timestamp: envelope.timestamp,
        payload: Buffer.from(msg.data),
        endpointIds,
        heldEndpointIds,
        published: heldEndpointIds.length > 0 ? { sequence: msg.seq, atMs: Date.parse(msg.timestamp) } : undefined,
        lines: orderedLines(route, envelope, endpointIds),
        heldLines: orderedLines(route, envelope, heldEndpointIds, true),
        streamSequence: msg.seq,
      },
    };
  } catch (err) {
    return reject(`event could not be processed: ${(err as Error).message}`);
  }
}

export function sortMessages(parsed: { msg: JsMsg; result: Parsed }[], routes: Map<string, OrgRouting | null>): Sorted {
  const sorted: Sorted = { accepted: [], rejected: [] };
  for (const { msg, result } of parsed) {
    const verdict = judge(msg, result, routes);
    if ("event" in verdict) sorted.accepted.push(verdict);
    else sorted.rejected.push(verdict);
  }
  return sorted;
}

/** Jobs go to the first message that carried their event; a duplicate in the batch has none. */
export function plannedWork(msgs: JsMsg[], accepted: Sorted["accepted"], stored: StoredBatch): EventWork[] {
  const work = new Map<JsMsg, EventWork>(msgs.map((m) => [m, "settled"]));
  const firstMessage = new Map<string, JsMsg>();
  for (const { msg, event } of accepted) {
    const k = eventKey(event.organizationId, event.id);
    if (!firstMessage.has(k)) firstMessage.set(k, msg);
  }
  const workOf = (job: DeliveryJob) => {
    const msg = firstMessage.get(eventKey(job.organizationId, job.eventId))!;
    let w = work.get(msg)!;
    if (typeof w === "string") work.set(msg, (w = { deliver: [], publish: [] }));
    return w;
  };
  for (const job of stored.planned) workOf(job).deliver.push(job);
  for (const job of stored.resumed) workOf(job).publish.push(job);
  return msgs.map((m) => work.get(m)!);
}
