import { readFileSync, writeFileSync } from "node:fs";
import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "../src/graphql/schema/index.ts";

// Sorted, so a diff of the checked-in file shows only real schema changes.
// `--check` writes nothing and fails when schema.graphql is stale (CI and the test suite use it).
const target = new URL("../schema.graphql", import.meta.url);
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== printed) {
    console.error("schema.graphql is stale: run `npm run schema:print` and commit the result");
    process.exit(1);
  }
} else {
  writeFileSync(target, printed);
}
