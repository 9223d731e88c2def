import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ strict: false, allErrors: false }));
const compiled = new Map<string, ValidateFunction>();

/** Returns a problem description when `schema` is not a usable JSON Schema. */
export function checkJsonSchema(schema: unknown): string | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return "must be a JSON Schema object";
  try {
    ajv.compile(schema);
    return undefined;
  } catch (err) {
    return `is not a valid JSON Schema: ${(err as Error).message}`;
  }
}

/** Validates event data against a type's schema; compiled schemas are cached by their text. */
export function validateAgainstSchema(schema: unknown, data: unknown): string | undefined {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema as object);
    if (compiled.size > 1_000) compiled.clear();
    compiled.set(key, validate);
  }
  if (validate(data)) return undefined;
  const first = validate.errors?.[0];
  return `data does not match the event type's schema: ${first ? `${first.instancePath || "/"} ${first.message}` : "invalid"}`;
}
