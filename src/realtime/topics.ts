import type { DeliveryStatus } from "../db/client.ts";

// Every topic carries the organization in its name, so a subscriber can only ever
// receive its own tenant's traffic: filtering happens before any payload is seen.

export interface AttemptNotice {
  id: string;
  deliveryId: string;
  organizationId: string;
  endpointId: string;
  eventId: string;
  attemptNumber: number;
  trigger: string;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  errorMessage: string | null;
  durationMs: number;
  createdAt: string;
}

/** A delivery's state after a change: everything its GraphQL type shows, so subscribers need no read. */
export interface DeliveryNotice {
  id: string;
  organizationId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

// A message on a topic carries every notice of one flush (see Announcer), oldest first.
export type HeraldTopics = {
  [key: `attempt:${string}`]: [AttemptNotice[]];
  [key: `delivery:${string}`]: [DeliveryNotice[]];
};

export const attemptTopic = (organizationId: string) => `attempt:${organizationId}` as const;
export const deliveryTopic = (organizationId: string) => `delivery:${organizationId}` as const;
