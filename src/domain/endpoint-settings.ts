import { type EndpointStatus, Prisma } from "../db/client.ts";
import type { NewEndpointRow } from "../store/endpoints.ts";
import type { ContractFields } from "./webhook-contract.ts";
import type { CreateEndpointInput, UpdateEndpointInput, ValidFields } from "./endpoint-input.ts";

// Pure: how validated input becomes endpoint columns.

/** Enabling clears the failure record that may have disabled the endpoint; disabling records why. */
export function statusChange(enabled: boolean, reason: string | null, now = new Date()) {
  return enabled
    ? { status: "ENABLED" as const, disabledReason: null, disabledAt: null, failingSince: null }
    : { status: "DISABLED" as const, disabledReason: reason ?? "disabled by an operator", disabledAt: now };
}

/**
 * The status columns to write over `current`: none when `enabled` is null, nor when the
 * endpoint already has that status and no new reason is given, which keeps an earlier reason.
 */
export function statusUpdate(current: EndpointStatus, enabled: boolean | null, reason: string | null, now = new Date()) {
  if (enabled === null) return {};
  if (current === (enabled ? "ENABLED" : "DISABLED") && reason === null) return {};
  return statusChange(enabled, reason, now);
}

/**
 * The held-deliveries columns a status change writes: enabling ends a holding period (ingest
 * holds nothing more, so its count starts again) and, from DISABLED, starts the record of
 * what becomes of the held deliveries; disabling an enabled endpoint starts a new holding
 * period, its overflow counted from zero.
 */
export function heldPeriodUpdate(current: EndpointStatus, enabled: boolean | null, now = new Date()) {
  if (enabled === true) {
    return { heldCount: 0, ...(current === "DISABLED" && { heldReleasedAt: now, heldReleased: 0, heldCancelled: 0, heldExpired: 0 }) };
  }
  return enabled === false && current === "ENABLED" ? { heldOverflow: 0 } : {};
}

/** The columns of a new endpoint; event types are stored once each, in the order given. */
export function newEndpointRow(id: string, organizationId: string, input: CreateEndpointInput, fields: ValidFields, now = new Date()): NewEndpointRow {
  return {
    id,
    organizationId,
    url: input.url,
    description: fields.description ?? null,
    eventTypes: [...new Set(fields.eventTypes ?? [])],
    headers: fields.headers ?? {},
    rateLimitPerSecond: fields.rateLimitPerSecond ?? null,
    ...(fields.wireFormat && { wireFormat: asJson(fields.wireFormat) }),
    ...(fields.envelope && { envelope: asJson(fields.envelope) }),
    ...(fields.retryPolicy && { retryPolicy: asJson(fields.retryPolicy) }),
    ...(input.signatureScheme != null && { signatureScheme: input.signatureScheme }),
    ...(fields.timeoutMs != null && { timeoutMs: fields.timeoutMs }),
    ...(fields.maxInFlight != null && { maxInFlight: fields.maxInFlight }),
    ...(fields.filter && { filter: asJson(fields.filter) }),
    ...(fields.ordering && { ordering: asJson(fields.ordering) }),
    ...(input.enabled === false && statusChange(false, "disabled when created", now)),
  };
}

/** The settings an update writes: a field left out stays as it is, null clears an optional one. */
export function settingsUpdate(input: UpdateEndpointInput, fields: ValidFields): Prisma.EndpointUpdateInput {
  return {
    ...(input.url != null && { url: input.url }),
    ...(input.description !== undefined && { description: fields.description ?? null }),
    ...(fields.eventTypes && { eventTypes: [...new Set(fields.eventTypes)] }),
    ...(input.headers !== undefined && { headers: fields.headers ?? {} }),
    ...(input.rateLimitPerSecond !== undefined && { rateLimitPerSecond: fields.rateLimitPerSecond ?? null }),
    ...contractColumns(fields),
    ...(input.signatureScheme != null && { signatureScheme: input.signatureScheme }),
    ...(input.timeoutMs !== undefined && { timeoutMs: fields.timeoutMs ?? null }),
    ...(input.maxInFlight !== undefined && { maxInFlight: fields.maxInFlight ?? null }),
    ...(fields.filter !== undefined && { filter: jsonOrNull(fields.filter) }),
    ...(fields.ordering !== undefined && { ordering: jsonOrNull(fields.ordering) }),
  };
}

/** The webhook-contract columns an update writes, an endpoint's or an organization's: absent stays, null is SQL NULL. */
export function contractColumns(contract: ContractFields) {
  return {
    ...(contract.wireFormat !== undefined && { wireFormat: jsonOrNull(contract.wireFormat) }),
    ...(contract.envelope !== undefined && { envelope: jsonOrNull(contract.envelope) }),
    ...(contract.retryPolicy !== undefined && { retryPolicy: jsonOrNull(contract.retryPolicy) }),
  };
}

/** A contract setting as a nullable JSON column: SQL NULL (the organization's default) rather than JSON null. */
export function jsonOrNull(value: object | null | undefined): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value == null ? Prisma.DbNull : asJson(value);
}

/** The contract types are plain JSON data; their readonly arrays are what Prisma's JSON type does not take. */
function asJson(value: object): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
