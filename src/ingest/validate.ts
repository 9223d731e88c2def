import { envelopeSchema, ORGANIZATION_ID_PATTERN, type Envelope } from "../rules/envelope.ts";
import { MAX_EVENT_BYTES } from "../nats/streams.ts";

export type Parsed = { ok: true; envelope: Envelope; organizationId: string } | { ok: false; reason: string; organizationId?: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The organization a subject names (`events.<org>.<type>`), or undefined for a malformed
 * subject; the id is looked up in Postgres, so one that text cannot hold (a NUL) is malformed.
 */
export function subjectOrganization(subject: string): string | undefined {
  const parts = subject.split(".");
  return parts.length >= 3 && parts[0] === "events" && ORGANIZATION_ID_PATTERN.test(parts[1]!) ? parts[1] : undefined;
}

/** Checks one NATS message against the envelope contract; every rejection says why. */
export function parseEventMessage(subject: string, data: Uint8Array): Parsed {
  const subjectOrg = subjectOrganization(subject);
  if (!subjectOrg) return { ok: false, reason: `subject ${subject} is not events.<organizationId>.<type>` };
  const fail = (reason: string): Parsed => ({ ok: false, reason, organizationId: subjectOrg });
  if (data.length > MAX_EVENT_BYTES) return fail(`message is ${data.length} bytes, over the ${MAX_EVENT_BYTES}-byte limit`);
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return fail("message is not valid UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail(`message is not JSON: ${(err as Error).message}`);
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    return fail(`invalid envelope: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`);
  }
  const envelope = parsed.data;
  if (envelope.organizationId !== subjectOrg) {
    return fail(`organizationId ${envelope.organizationId} does not match the subject's ${subjectOrg}`);
  }
  const subjectType = subject.slice(`events.${subjectOrg}.`.length);
  if (envelope.type !== subjectType) return fail(`type ${envelope.type} does not match the subject's ${subjectType}`);
  return { ok: true, envelope, organizationId: subjectOrg };
}
