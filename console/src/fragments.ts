import { graphql } from "./gql";

// Fields and queries several pages share; an operation spreading a fragment gets it from codegen.

export const EndpointFields = graphql(`
  fragment ConsoleEndpointFields on Endpoint {
    id
    url
    description
    eventTypes
    status
    disabledAt
    disabledReason
    failingSince
    headers
    rateLimitPerSecond
    retrySchedule
    retryPolicy {
      schedule
      maxAttempts
    }
    stats {
      succeeded
      failed
      pending
      successRate
      held
      heldOverflow
    }
    ordering {
      key
      onFailure
    }
    lastHeldRelease {
      at
      released
      cancelled
      expired
    }
  }
`);

export const DeliveryFields = graphql(`
  fragment ConsoleDeliveryFields on Delivery {
    id
    status
    attemptCount
    eventType
    eventId
    endpointId
    createdAt
    lastAttemptAt
    nextAttemptAt
    orderingKey
    blocksLine
  }
`);

export const AttemptFields = graphql(`
  fragment ConsoleAttemptFields on DeliveryAttempt {
    id
    attemptNumber
    trigger
    responseStatus
    error
    errorMessage
    durationMs
    createdAt
    deliveryId
    endpointId
    eventId
  }
`);

/** The catalogue's names, offered where an event type is typed. */
export const EventTypeNamesQuery = graphql(`
  query ConsoleEventTypeNames {
    eventTypes(first: 500) {
      name
    }
  }
`);
