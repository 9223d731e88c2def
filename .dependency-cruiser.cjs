// The layer rules of docs/architecture.md ("Layout"), checked by `npm run deps` (part of `npm run check`).
// Imports run one way: app → transport → domain → (store, rules) → infra.

const INFRA = ["^src/(db|nats|realtime|util|config|generated)/", "^src/(log|version)\\.ts$"];
const RULES = ["^src/rules/"];
const STORE = ["^src/store/"];
const DOMAIN = ["^src/(domain|delivery|ingest)/"];
const TRANSPORT = ["^src/(server|graphql|workers)/"];
const APP = ["^src/app/"];
const DEV_ONLY = ["^src/infra/", "^src/dev\\.ts$"];
// The one module transport may name from app/, and only for its type: the connections bundle.
const SERVICES = "^src/app/services\\.ts$";

/** A rule forbidding `from` any import into src/ other than `allowed`. */
function onlyInto(name, comment, from, allowed) {
  return { name, comment, severity: "error", from: { path: from }, to: { path: "^src/", pathNot: allowed } };
}

module.exports = {
  forbidden: [
    onlyInto(
      "rules-import-only-rules",
      "rules/ holds pure modules: they import other rules, npm packages and node builtins, nothing of Herald's I/O.",
      RULES,
      RULES,
    ),
    onlyInto("infra-imports-only-infra", "Infra (db, nats, realtime, util, config, log, version) knows nothing of the layers above it.", INFRA, INFRA),
    onlyInto("store-imports-rules-and-infra", "store/ owns the tables: it may use rules and infra, never the domain, transport or app above it.", STORE, [
      ...STORE,
      ...RULES,
      ...INFRA,
    ]),
    onlyInto(
      "domain-imports-store-rules-infra",
      "domain/, delivery/ and ingest/ are called by transport; they reach down to store, rules and infra only.",
      DOMAIN,
      [...DOMAIN, ...STORE, ...RULES, ...INFRA],
    ),
    {
      name: "domain-not-delivery",
      comment: "The control plane (domain/) and the delivery pipeline (delivery/) stay apart; what both need lives in store/ or rules/.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/delivery/" },
    },
    {
      name: "delivery-not-domain",
      comment: "The delivery pipeline (delivery/) never reaches into the control plane (domain/).",
      severity: "error",
      from: { path: "^src/delivery/" },
      to: { path: "^src/domain/" },
    },
    {
      name: "transport-not-app",
      comment: "app/ wires transport together; transport never imports it (type-only imports of app/services.ts excepted).",
      severity: "error",
      from: { path: TRANSPORT },
      to: { path: APP, pathNot: SERVICES },
    },
    {
      name: "transport-services-type-only",
      comment: "Transport may name the Services type, but importing app/services.ts for its code would run the composition root from below.",
      severity: "error",
      from: { path: TRANSPORT },
      to: { path: SERVICES, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "graphql-not-server",
      comment: "The schema and its plugins do not know the HTTP server that hosts them.",
      severity: "error",
      from: { path: "^src/graphql/" },
      to: { path: "^src/server/" },
    },
    {
      name: "workers-not-graphql-or-server",
      comment: "NATS consumers are transport of their own: they call the domain, not the GraphQL or HTTP side.",
      severity: "error",
      from: { path: "^src/workers/" },
      to: { path: "^src/(graphql|server)/" },
    },
    {
      name: "production-not-dev-only",
      comment: "src/infra/ and src/dev.ts are dev-only (tsconfig.build.json leaves them out): no module of the production build imports them.",
      severity: "error",
      from: { path: "^src/", pathNot: [...DEV_ONLY, "\\.test\\.ts$"] },
      to: { path: DEV_ONLY },
    },
    {
      name: "src-not-test-or-bench",
      comment: "Herald's code never depends on its tests or benchmarks.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "bench-not-test",
      comment: "The benchmark stands on its own: what it shares with the tests lives in src/infra/.",
      severity: "error",
      from: { path: "^bench/" },
      to: { path: "^test/" },
    },
    {
      name: "console-not-src",
      comment: "The console is a browser app that talks to Herald only through its public GraphQL API: it imports nothing of src/.",
      severity: "error",
      from: { path: "^console/" },
      to: { path: "^(src|test|bench)/" },
    },
    {
      name: "no-circular",
      comment: "A cycle makes two modules one: split out what both need. (Prisma's generated client has cycles of its own.)",
      severity: "error",
      from: { path: "^(src|bench|console)/", pathNot: "^(src/generated|console/src/gql)/" },
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import the checker cannot resolve would pass every rule above unseen.",
      severity: "error",
      from: { path: "^(src|bench|console)/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count: they are dependencies of the design, and the Services exception above needs them told apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
