// The example `data` Herald's sendTestEvent sends for an event type (domain/deliveries.ts
// examplePayload): the console shows it beside the type's schema, so it must stay the same.

type PropertySchema = { type?: string; example?: unknown; examples?: unknown[] };
type ObjectSchema = { type?: string; properties?: Record<string, PropertySchema>; required?: string[] };

const PLACEHOLDERS: Record<string, unknown> = { string: "example", number: 1, integer: 1, boolean: true, array: [], object: {} };

export function examplePayload(schema: unknown): Record<string, unknown> {
  const s = schema as ObjectSchema | null;
  if (s?.type !== "object" || !s.properties) return { test: true };
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(s.properties)) {
    if (prop.example !== undefined) out[name] = prop.example;
    else if (prop.examples?.length) out[name] = prop.examples[0];
    else if (s.required?.includes(name)) out[name] = PLACEHOLDERS[prop.type ?? "string"] ?? "example";
  }
  return out;
}
