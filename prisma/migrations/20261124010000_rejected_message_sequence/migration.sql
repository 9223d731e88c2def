-- Ingest records a rejected message in its batch statement, then terminates it and deletes
-- it from EVENTS; if the worker dies in between (or the term is lost on the way), JetStream
-- redelivers it, and it must not be recorded a second time. A message is identified by its
-- sequence in EVENTS together with the time JetStream stored it: a stream created anew (a
-- nats-server whose store was lost while Postgres was kept) numbers its messages from 1
-- again, and a new message must not be taken for an old one and dropped. Rows recorded
-- before these columns existed have neither, and NULLs never conflict.
ALTER TABLE "rejected_messages" ADD COLUMN "stream_sequence" BIGINT, ADD COLUMN "published_at" TIMESTAMPTZ(3);

CREATE UNIQUE INDEX "rejected_messages_stream_sequence_published_at_key" ON "rejected_messages"("stream_sequence", "published_at");
