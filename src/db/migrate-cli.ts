import { migrate } from "./migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL: is required to migrate");
  process.exit(1);
}
const { applied } = await migrate(url);
console.log(applied.length ? `applied ${applied.join(", ")}` : "database is up to date");
