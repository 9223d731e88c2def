import type pg from "pg";
import { type EventType, Prisma } from "../db/client.ts";

export interface EventTypeRow {
  id: string;
  name: string;
  description: string | null;
  schema: unknown;
}

/** Null when the organization already has an event type of that name. */
export async function insertEventType(db: Prisma.TransactionClient, organizationId: string, row: EventTypeRow): Promise<EventType | null> {
  try {
    return await db.eventType.create({
      data: { ...row, organizationId, schema: row.schema == null ? Prisma.DbNull : (row.schema as Prisma.InputJsonValue) },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return null;
    throw err;
  }
}

/** Which of `names` the organization has registered. */
export async function registeredEventTypeNames(db: Prisma.TransactionClient, organizationId: string, names: string[]): Promise<Set<string>> {
  const known = await db.eventType.findMany({ where: { organizationId, name: { in: names } }, select: { name: true } });
  return new Set(known.map((k) => k.name));
}

/** The JSON Schema an event of this type must satisfy; null when the type has none or is not registered. */
export async function eventTypeSchema(db: Prisma.TransactionClient, organizationId: string, name: string): Promise<Prisma.JsonValue | null> {
  const eventType = await db.eventType.findUnique({ where: { organizationId_name: { organizationId, name } }, select: { schema: true } });
  return eventType?.schema ?? null;
}

export interface EventTypeSchemaRow {
  organization_id: string;
  name: string;
  schema: unknown;
}

/** The event types of these organizations that have a schema, with it. */
export async function eventTypeSchemasOf(pool: pg.Pool, organizationIds: string[]): Promise<EventTypeSchemaRow[]> {
  const { rows } = await pool.query<EventTypeSchemaRow>(
    `SELECT organization_id, name, schema FROM event_types WHERE organization_id = ANY($1) AND schema IS NOT NULL`,
    [organizationIds],
  );
  return rows;
}
