-- The endpoints an event was routed to when it was stored. Ingest writes a delivery row
-- with its first outcome rather than before the attempt; if a worker dies in between, the
-- redelivered event finds here which deliveries it still owes (and only those: an endpoint
-- created since does not get an old event). Events stored before this column existed had
-- their deliveries written with them, so they owe none.
ALTER TABLE "events" ADD COLUMN "endpoint_ids" TEXT[] COLLATE "C" NOT NULL DEFAULT '{}';
