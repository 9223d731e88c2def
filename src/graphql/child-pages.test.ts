import { describe, expect, it } from "vitest";
import { childPage, childPageSql } from "./child-pages.ts";

const attempts = { table: "delivery_attempts", parentColumn: "delivery_id", fields: ["id", "deliveryId", "responseBody"] };
const deliveries = { table: "deliveries", parentColumn: "endpoint_id", fields: ["id", "endpointId", "status"] };

describe("childPageSql", () => {
  it.each([
    [
      "attempts, newest first",
      attempts,
      false,
      ['c."delivery_id" = parent.id', 'c."response_body" AS "responseBody"', 'ORDER BY c."id" DESC LIMIT $5', "AND $6::text IS NULL"],
    ],
    ["deliveries, a backward page", deliveries, true, ['c."endpoint_id" = parent.id', 'ORDER BY c."id" ASC LIMIT $5', 'c."status"::text = $6']],
  ] as const)("%s", (_name, list, inverted, fragments) => {
    const sql = childPageSql(list, inverted);
    for (const f of fragments) expect(sql).toContain(f);
    expect(sql).toContain('c."organization_id" = $2');
  });

  it("never reads a status column the table lacks", () => {
    expect(childPageSql(attempts, false)).not.toContain('c."status"');
  });
});

describe("childPage", () => {
  it.each([
    [{ after: ["dlv_b"], before: null, inverted: false, take: 3 }, "s", { after: "dlv_b", before: null, inverted: false, take: 3, status: "s" }],
    [{ after: null, before: ["dlv_a"], inverted: true, take: 2 }, null, { after: null, before: "dlv_a", inverted: true, take: 2, status: null }],
  ] as const)("%j", (page, status, expected) => {
    expect(childPage("org_1", { ...page, where: {}, orderBy: [], query: {} } as never, status)).toEqual({ organizationId: "org_1", ...expected });
  });
});
