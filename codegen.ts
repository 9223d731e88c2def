import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents generated from the checked-in schema.graphql, so a schema change that breaks
// an operation fails type-checking. Runs offline: no introspection.
const scalars = { DateTime: "string", JSON: "unknown", ID: "string" };

const config: CodegenConfig = {
  schema: "schema.graphql",
  ignoreNoDocuments: false,
  generates: {
    // The tests' operations.
    "test/generated/": {
      documents: ["test/graphql/*.graphql"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Strict ESM with .ts imports (tsconfig allowImportingTsExtensions).
        importExtension: ".ts",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars,
        strictScalars: true,
      },
    },
    // The console's operations, written inline with `graphql(…)` beside the components that use them.
    "console/src/gql/": {
      documents: ["console/src/**/*.{ts,tsx}", "!console/src/gql/**", "!console/src/**/*.test.ts"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars,
        strictScalars: true,
      },
    },
  },
};

export default config;
