import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents for the tests, generated from the checked-in schema.graphql so a schema
// change that breaks an operation fails type-checking. Runs offline: no introspection.
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["test/graphql/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "test/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Strict ESM with .ts imports (tsconfig allowImportingTsExtensions).
        importExtension: ".ts",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string", JSON: "unknown", ID: "string" },
        strictScalars: true,
      },
    },
  },
};

export default config;
