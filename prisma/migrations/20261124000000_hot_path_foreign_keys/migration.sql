-- A foreign-key check is a query per inserted row that also locks the referenced row
-- (FOR KEY SHARE): every delivery locked its event and its endpoint, and every attempt its
-- delivery, a fifth of Postgres's CPU per delivery. Herald writes these rows only for events,
-- endpoints and deliveries it has just read or written, and never deletes any of them
-- (endpoints are soft-deleted), so the keys guarded nothing the write path does not; their
-- cascades never ran. Prisma keeps the relations for reads (schema.prisma says so).
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_organization_id_event_id_fkey";
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_endpoint_id_fkey";
ALTER TABLE "delivery_attempts" DROP CONSTRAINT "delivery_attempts_delivery_id_fkey";
