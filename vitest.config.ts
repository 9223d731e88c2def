import { configDefaults, defineConfig } from "vitest/config";

const shared = {
  pool: "forks",
  // Fault tests spawn Herald, nats-server and PostgreSQL processes; with the cluster test's six
  // processes beside them on 2 cores, a test that takes 15-35 s alone has taken over 60 s.
  testTimeout: 120_000,
  hookTimeout: 60_000,
} as const;

export default defineConfig({
  test: {
    // Once for both projects: one PostgreSQL cluster for the run.
    globalSetup: ["test/harness/global-setup.ts"],
    teardownTimeout: 30_000,
    reporters: ["default"],
    projects: [
      {
        test: {
          ...shared,
          name: "node",
          include: ["src/**/*.test.ts", "test/**/*.test.ts", "console/src/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/browser/**"],
          maxWorkers: 2,
        },
      },
      // Chromium takes a core of its own: one browser test file at a time, after the rest.
      { test: { ...shared, name: "browser", include: ["test/browser/**/*.test.ts"], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
