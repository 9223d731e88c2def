import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // env() would throw when DATABASE_URL is unset, which `prisma generate` does not need.
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
