import pg from "pg";

/** Every spelling a leaked signing secret could take: the whsec_ text, its base64, the raw bytes as hex (bytea's text form) and base64url. */
export function secretForms(secret: string): string[] {
  const b64 = secret.slice("whsec_".length);
  const raw = Buffer.from(b64, "base64");
  return [secret, b64, raw.toString("hex"), raw.toString("base64url")];
}

/** Every row of every table in the public schema, as text: what someone with the database would see. */
export async function dumpDatabase(url: string): Promise<{ tables: string[]; dump: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    let dump = "";
    for (const { table_name } of rows) {
      const { rows: data } = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
      dump += `${table_name}\n${data.map((r) => r.row).join("\n")}\n`;
    }
    return { tables: rows.map((r) => r.table_name), dump };
  } finally {
    await client.end();
  }
}
