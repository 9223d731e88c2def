import type { EnvelopeMapping } from "../rules/envelope-mapping.ts";
import { validateEnvelopeMapping } from "../rules/envelope-mapping.ts";
import { type RetryPolicy, validateRetryPolicy } from "../rules/retry-policy.ts";
import { parseWireFormat, type WireFormat, type WireFormatInput } from "../rules/wire-format.ts";
import { InputError, type Issue } from "./errors.ts";

// The webhook contract an endpoint speaks, or an organization's default for its endpoints
// (issue #18): the wire format, the envelope mapping and the retry policy, as API input.

export interface EnvelopeMappingInput {
  idField?: string | null;
  typeField?: string | null;
  timestampField?: string | null;
  dataField?: string | null;
  organizationIdField?: string | null;
}

/** `{schedule}` or `{power, baseSeconds, maxAttempts, jitterSeconds}`, as one input object. */
export interface RetryPolicyInput {
  schedule?: number[] | null;
  power?: number | null;
  baseSeconds?: number | null;
  maxAttempts?: number | null;
  jitterSeconds?: number | null;
}

export interface ContractInput {
  wireFormat?: WireFormatInput | null;
  envelope?: EnvelopeMappingInput | null;
  retryPolicy?: RetryPolicyInput | null;
  /** The older spelling of `retryPolicy: {schedule}`; an empty list clears the policy. */
  retrySchedule?: number[] | null;
}

/** Each setting parsed: undefined when absent (left as it is), null when cleared (the default applies). */
export interface ContractFields {
  wireFormat?: WireFormat | null;
  envelope?: EnvelopeMapping | null;
  retryPolicy?: RetryPolicy | null;
}

/** Parses whichever settings are present; problems are collected into `issues` under `path`. */
export function parseContract(input: ContractInput, path: string[], issues: Issue[]): ContractFields {
  const fields: ContractFields = {};
  if (input.wireFormat !== undefined) fields.wireFormat = input.wireFormat && wireFormatOf(input.wireFormat, [...path, "wireFormat"], issues);
  if (input.envelope !== undefined) fields.envelope = input.envelope && envelopeOf(input.envelope, [...path, "envelope"], issues);
  if (input.retryPolicy !== undefined && input.retrySchedule !== undefined) {
    issues.push({ path: [...path, "retrySchedule"], message: "give retryPolicy or retrySchedule, not both" });
  } else if (input.retryPolicy !== undefined) {
    fields.retryPolicy = input.retryPolicy && retryPolicyOf(input.retryPolicy, [...path, "retryPolicy"], issues);
  } else if (input.retrySchedule !== undefined) {
    const schedule = input.retrySchedule ?? [];
    fields.retryPolicy = schedule.length === 0 ? null : retryPolicyOf({ schedule }, [...path, "retrySchedule"], issues, false);
  }
  return fields;
}

/** `parseContract` on its own: throws every problem at once. */
export function parseContractOrThrow(input: ContractInput, path: string[]): ContractFields {
  const issues: Issue[] = [];
  const fields = parseContract(input, path, issues);
  if (issues.length > 0) throw new InputError(issues);
  return fields;
}

function under(path: string[], sub: string): string[] {
  return sub === "" ? path : [...path, ...sub.split(".")];
}

function wireFormatOf(input: WireFormatInput, path: string[], issues: Issue[]): WireFormat | null {
  const parsed = parseWireFormat(input);
  if (parsed.ok) return parsed.format;
  issues.push(...parsed.issues.map((i) => ({ path: under(path, i.path), message: i.message })));
  return null;
}

function envelopeOf(input: EnvelopeMappingInput, path: string[], issues: Issue[]): EnvelopeMapping | null {
  const mapping: EnvelopeMapping = {
    idField: input.idField ?? null,
    typeField: input.typeField ?? null,
    timestampField: input.timestampField ?? null,
    dataField: input.dataField ?? null,
    organizationIdField: input.organizationIdField ?? null,
  };
  const found = validateEnvelopeMapping(mapping);
  issues.push(...found.map((i) => ({ path: under(path, i.path), message: i.message })));
  return found.length === 0 ? mapping : null;
}

const POWER_FIELDS = ["power", "baseSeconds", "maxAttempts", "jitterSeconds"] as const;

/** `schedulePath`: whether a schedule's issues sit under `schedule` (retryPolicy) or at `path` itself (retrySchedule). */
function retryPolicyOf(input: RetryPolicyInput, path: string[], issues: Issue[], schedulePath = true): RetryPolicy | null {
  const policy = retryPolicyShape(input, path, issues);
  if (!policy) return null;
  const found = validateRetryPolicy(policy);
  for (const i of found) {
    const sub = schedulePath ? i.path : i.path.replace(/^schedule\.?/, "");
    issues.push({ path: under(path, sub), message: i.message });
  }
  return found.length === 0 ? policy : null;
}

function retryPolicyShape(input: RetryPolicyInput, path: string[], issues: Issue[]): RetryPolicy | null {
  const given = POWER_FIELDS.filter((f) => input[f] != null);
  if (input.schedule != null) {
    if (given.length === 0) return { schedule: input.schedule };
    issues.push(...given.map((f) => ({ path: [...path, f], message: "does not go with schedule: a policy is a schedule or a power curve" })));
    return null;
  }
  if (input.power == null || input.maxAttempts == null) {
    issues.push({ path, message: "give schedule, or power and maxAttempts (baseSeconds defaults to 1, jitterSeconds to 0)" });
    return null;
  }
  return { power: input.power, baseSeconds: input.baseSeconds ?? 1, maxAttempts: input.maxAttempts, jitterSeconds: input.jitterSeconds ?? 0 };
}
