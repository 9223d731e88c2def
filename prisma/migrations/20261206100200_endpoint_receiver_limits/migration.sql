-- Issue #19 part 5: per-endpoint receiver limits. Null: the service's DELIVERY_TIMEOUT_MS and
-- ENDPOINT_MAX_IN_FLIGHT; the API keeps them within those (the service maximum may shrink later,
-- so the worker bounds them again when it loads the endpoint).
ALTER TABLE "endpoints"
    ADD COLUMN "timeout_ms" INTEGER,
    ADD COLUMN "max_in_flight" INTEGER;
