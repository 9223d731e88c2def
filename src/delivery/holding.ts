/**
 * How many jobs a worker holds in memory per request slot (`DELIVERY_CONCURRENCY`), in flight
 * or waiting for their endpoint. Ingest holds events from pull to ack: with more, they only wait
 * longer in line and live through more garbage collections (four per slot delivered 5–15 %
 * fewer per second than two). The delivery consumer holds retries, put-backs and manual runs.
 */
export const EVENTS_HELD_PER_SLOT = 2;
export const JOBS_HELD_PER_SLOT = 4;
