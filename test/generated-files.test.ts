import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import codegenConfig from "../codegen.ts";

// Both are checked in so that review shows every API change; these fail when a change to
// the Pothos schema or to test/graphql was not followed by regenerating them.
const root = path.resolve(import.meta.dirname, "..");

describe("checked-in generated files", () => {
  it("schema.graphql matches the Pothos schema (run `npm run schema:print`)", async () => {
    // A separate process: under vitest the schema's graphql module and this file's would differ.
    const run = promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), ["scripts/print-schema.ts", "--check"], { cwd: root });
    await expect(run).resolves.toBeDefined();
  });

  it("test/generated matches schema.graphql and test/graphql (run `npm run codegen`)", async () => {
    const files = (await generate({ ...codegenConfig, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(readFileSync(path.resolve(root, file.filename), "utf8"), file.filename).toBe(file.content);
    }
  });
});
