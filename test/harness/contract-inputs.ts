import type { WireFormatInput } from "../generated/graphql.ts";

// GraphQL inputs for issue #18's platform contracts, written from the issue's table (header
// names in the letter case the platforms document), never from src/rules' presets.

/** The ticketing/queue platform: `sha256=` + hex HMAC of `<timestamp>.<body>`. */
export const FANFARE_INPUT: WireFormatInput = {
  preset: "HMAC_HEADERS",
  signatureHeader: "X-Fanfare-Signature",
  timestampHeader: "X-Fanfare-Timestamp",
  idHeader: "X-Fanfare-Delivery-Id",
  eventTypeHeader: "X-Fanfare-Event-Type",
  signedContent: "TIMESTAMP_DOT_BODY",
  encoding: "HEX",
  prefix: "sha256=",
  userAgent: "Fanfare-Webhooks/1.0",
};
