import { createHmac, timingSafeEqual } from "node:crypto";

// Receivers for the four platform contracts of issue #18, written from the issue's table alone
// (never from src/rules), so a test that passes them shows Herald speaks each contract as the
// platforms' customers already verify it. In src/infra so that `npm run dev`'s demo receiver uses them too.

export type RequestHeaders = Record<string, string | string[] | undefined>;
export type Verdict = { ok: true } | { ok: false; reason: string };

export interface ContractReceiver {
  name: "fanfare" | "venue" | "comps" | "svix";
  /** `secret` exactly as the platform gave it to its customer. */
  verify(headers: RequestHeaders, rawBody: Buffer, secret: string): Verdict;
}

const OK: Verdict = { ok: true };

function refuse(reason: string): Verdict {
  return { ok: false, reason };
}

/** One header's value, looked up case-insensitively; undefined when missing or sent twice. */
function header(headers: RequestHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

function missing(headers: RequestHeaders, names: string[]): Verdict | undefined {
  const absent = names.filter((n) => header(headers, n) === undefined);
  return absent.length > 0 ? refuse(`missing header ${absent.join(", ")}`) : undefined;
}

function hmacHex(secret: string, content: string | Buffer): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(content).digest("hex");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseObject(rawBody: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(rawBody.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const UNIX_SECONDS = /^\d{1,12}$/;

/** Ticketing/queue platform: `sha256=` + hex HMAC of `<timestamp>.<raw body>`, Herald's envelope. */
export const fanfareReceiver: ContractReceiver = {
  name: "fanfare",
  verify(headers, rawBody, secret) {
    const names = ["x-fanfare-signature", "x-fanfare-timestamp", "x-fanfare-event-type", "x-fanfare-delivery-id", "user-agent"];
    const absent = missing(headers, names);
    if (absent) return absent;
    if (header(headers, "user-agent") !== "Fanfare-Webhooks/1.0") return refuse("user-agent is not Fanfare-Webhooks/1.0");
    const timestamp = header(headers, "x-fanfare-timestamp")!;
    if (!UNIX_SECONDS.test(timestamp)) return refuse("timestamp is not unix seconds");
    const expected = `sha256=${hmacHex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]))}`;
    if (!sameText(header(headers, "x-fanfare-signature")!, expected)) return refuse("signature mismatch");
    const body = parseObject(rawBody);
    if (!body) return refuse("body is not a JSON object");
    for (const field of ["id", "type", "timestamp", "organizationId", "data"]) if (!(field in body)) return refuse(`body has no ${field}`);
    if (body.type !== header(headers, "x-fanfare-event-type")) return refuse("event type header differs from the body's type");
    return OK;
  },
};

/** Venue/events platform: hex HMAC of `JSON.stringify(JSON.parse(body))`, body `{id, event, payload}`. */
export const venueReceiver: ContractReceiver = {
  name: "venue",
  verify(headers, rawBody, secret) {
    const absent = missing(headers, ["x-webhook-signature"]);
    if (absent) return absent;
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody.toString("utf8"));
    } catch {
      return refuse("body is not JSON");
    }
    if (!sameText(header(headers, "x-webhook-signature")!, hmacHex(secret, JSON.stringify(parsed)))) return refuse("signature mismatch");
    const body = parseObject(rawBody)!;
    if (Object.keys(body).join(",") !== "id,event,payload") return refuse(`body keys are ${Object.keys(body).join(",")}, not id,event,payload`);
    return OK;
  },
};

/** Competitions platform: hex HMAC of the raw body, compared timing-safe; a timestamp header. */
export const compsReceiver: ContractReceiver = {
  name: "comps",
  verify(headers, rawBody, secret) {
    const absent = missing(headers, ["x-comps-signature", "x-comps-timestamp"]);
    if (absent) return absent;
    if (!sameText(header(headers, "x-comps-signature")!, hmacHex(secret, rawBody))) return refuse("signature mismatch");
    if (!parseObject(rawBody)) return refuse("body is not a JSON object");
    return OK;
  },
};

/** Travel platform on Svix: Standard Webhooks' algorithm under `svix-*` names; any `v1,` signature may match. */
export const svixReceiver: ContractReceiver = {
  name: "svix",
  verify(headers, rawBody, secret) {
    const absent = missing(headers, ["svix-id", "svix-timestamp", "svix-signature"]);
    if (absent) return absent;
    if (!secret.startsWith("whsec_")) return refuse("secret is not whsec_…");
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const id = header(headers, "svix-id")!;
    const timestamp = header(headers, "svix-timestamp")!;
    if (!UNIX_SECONDS.test(timestamp)) return refuse("timestamp is not unix seconds");
    const expected = createHmac("sha256", key)
      .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), rawBody]))
      .digest("base64");
    const sent = header(headers, "svix-signature")!.split(" ");
    const matches = sent.some((s) => s.startsWith("v1,") && sameText(s.slice(3), expected));
    return matches ? OK : refuse("no signature matches");
  },
};

export const CONTRACT_RECEIVERS = { fanfare: fanfareReceiver, venue: venueReceiver, comps: compsReceiver, svix: svixReceiver } as const;
