import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import type { Context } from "./context.ts";
import { readOnlyRefusal } from "./use-read-only-portal.ts";

const portal = (readOnly: boolean) => ({ organizationId: "org_1", portal: { sessionId: "ps_1", readOnly, expiresAt: new Date(0) } });
const document = parse(
  'query Q { viewer { __typename } } mutation M { createEventType(input: { name: "x" }) { id } } subscription S { deliveryAttempts { id } }',
);

describe("readOnlyRefusal", () => {
  it.each([
    ["a read-only portal's mutation", portal(true), "M", "FORBIDDEN"],
    ["a read-only portal's query", portal(true), "Q", null],
    ["a read-only portal's subscription", portal(true), "S", null],
    ["a read-write portal's mutation", portal(false), "M", null],
    ["an API key's mutation", { organizationId: "org_1", apiKeyId: "key_1" }, "M", null],
    ["an anonymous mutation (scope auth refuses it)", null, "M", null],
  ] as const)("%s → %s", (_name, principal, operationName, code) => {
    const refusal = readOnlyRefusal({ contextValue: { principal } as Context, document, operationName });
    expect(refusal?.errors[0]?.extensions.code ?? null).toBe(code);
  });
});
