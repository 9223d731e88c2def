import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../db/migrate.ts";

// Shared by the bench and test/harness (dev-only: its place is src/infra/). One migrated
// template per run; each test file or scenario gets a copy of it, which takes milliseconds
// where migrating takes seconds.

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const databaseUrl = (adminUrl: string, name: string) => adminUrl.replace(/\/postgres$/, `/${name}`);

/** Creates `template` on the server whose `postgres` database `adminUrl` names, and applies the migrations to it. */
export async function createTemplateDatabase(adminUrl: string, template: string): Promise<void> {
  await asAdmin(adminUrl, `CREATE DATABASE ${template}`);
  await migrate(databaseUrl(adminUrl, template));
}

/** A new database copied from `template`, named `<prefix><random hex>`: its URL. */
export async function copyTemplateDatabase(adminUrl: string, template: string, prefix: string): Promise<string> {
  const name = `${prefix}${randomBytes(6).toString("hex")}`;
  await asAdmin(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return databaseUrl(adminUrl, name);
}
