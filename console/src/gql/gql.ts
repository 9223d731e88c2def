/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleEndpointDeliveries($endpointId: ID!, $status: DeliveryStatus, $after: String) {\n    deliveries(endpointId: $endpointId, status: $status, first: 25, after: $after) {\n      edges {\n        node {\n          ...ConsoleDeliveryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleEndpointDeliveriesDocument,
    "\n  mutation ConsoleEnableEndpoint($id: ID!, $deliverHeld: Boolean) {\n    enableEndpoint(id: $id, deliverHeld: $deliverHeld) {\n      ...ConsoleEndpointFields\n    }\n  }\n": typeof types.ConsoleEnableEndpointDocument,
    "\n  mutation ConsoleDisableEndpoint($id: ID!) {\n    disableEndpoint(id: $id, reason: \"disabled in the console\") {\n      ...ConsoleEndpointFields\n    }\n  }\n": typeof types.ConsoleDisableEndpointDocument,
    "\n  mutation ConsoleDeleteEndpoint($id: ID!) {\n    deleteEndpoint(id: $id) {\n      id\n      deletedAt\n    }\n  }\n": typeof types.ConsoleDeleteEndpointDocument,
    "\n  mutation ConsoleCreateEndpoint($input: CreateEndpointInput!) {\n    createEndpoint(input: $input) {\n      ...ConsoleEndpointFields\n    }\n  }\n": typeof types.ConsoleCreateEndpointDocument,
    "\n  mutation ConsoleUpdateEndpoint($id: ID!, $input: UpdateEndpointInput!) {\n    updateEndpoint(id: $id, input: $input) {\n      ...ConsoleEndpointFields\n    }\n  }\n": typeof types.ConsoleUpdateEndpointDocument,
    "\n  query ConsoleEndpointSparkline($id: ID!, $since: DateTime!) {\n    endpoint(id: $id) {\n      id\n      statsSeries(bucket: HOUR, since: $since) {\n        start\n        succeeded\n        failed\n        attempts\n        latencyP99Ms\n      }\n    }\n  }\n": typeof types.ConsoleEndpointSparklineDocument,
    "\n  query ConsoleEndpointSeries($id: ID!, $bucket: StatsBucketSize!, $since: DateTime!) {\n    endpoint(id: $id) {\n      id\n      statsSeries(bucket: $bucket, since: $since) {\n        start\n        succeeded\n        failed\n        attempts\n        latencyP50Ms\n        latencyP99Ms\n      }\n    }\n  }\n": typeof types.ConsoleEndpointSeriesDocument,
    "\n  subscription ConsoleLiveAttempts($endpointId: ID!, $after: ID) {\n    deliveryAttempts(endpointId: $endpointId, after: $after) {\n      ...ConsoleAttemptFields\n    }\n  }\n": typeof types.ConsoleLiveAttemptsDocument,
    "\n  query ConsoleRecentAttempts($endpointId: ID!) {\n    deliveries(endpointId: $endpointId, first: 10) {\n      edges {\n        node {\n          attempts(first: 1) {\n            edges {\n              node {\n                ...ConsoleAttemptFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleRecentAttemptsDocument,
    "\n  query ConsoleReplayEndpoints {\n    endpoints(first: 100) {\n      edges {\n        node {\n          id\n          url\n        }\n      }\n    }\n  }\n": typeof types.ConsoleReplayEndpointsDocument,
    "\n  mutation ConsoleReplayEvents($endpointId: ID!, $since: DateTime!, $onlyFailed: Boolean) {\n    replayEvents(endpointId: $endpointId, since: $since, onlyFailed: $onlyFailed) {\n      count\n      expired\n    }\n  }\n": typeof types.ConsoleReplayEventsDocument,
    "\n  query ConsoleEndpointSecret($endpointId: ID!) {\n    endpointSecret(endpointId: $endpointId) {\n      id\n      key\n      kind\n      inGrace {\n        id\n        key\n        expiresAt\n      }\n    }\n  }\n": typeof types.ConsoleEndpointSecretDocument,
    "\n  mutation ConsoleRotateEndpointSecret($id: ID!, $graceSeconds: Int) {\n    rotateEndpointSecret(id: $id, graceSeconds: $graceSeconds) {\n      id\n      key\n      expiredEarly {\n        id\n        graceWasUntil\n      }\n    }\n  }\n": typeof types.ConsoleRotateEndpointSecretDocument,
    "\n  query ConsoleViewer {\n    viewer {\n      organization {\n        id\n        name\n      }\n      portal {\n        readOnly\n        expiresAt\n      }\n    }\n  }\n": typeof types.ConsoleViewerDocument,
    "\n  mutation ConsoleSkipDelivery($deliveryId: ID!) {\n    skipDelivery(deliveryId: $deliveryId) {\n      ...ConsoleDeliveryFields\n    }\n  }\n": typeof types.ConsoleSkipDeliveryDocument,
    "\n  mutation ConsoleSendTestEvent($endpointId: ID!, $eventType: String!) {\n    sendTestEvent(endpointId: $endpointId, eventType: $eventType) {\n      ...ConsoleDeliveryFields\n    }\n  }\n": typeof types.ConsoleSendTestEventDocument,
    "\n  fragment ConsoleEndpointFields on Endpoint {\n    id\n    url\n    description\n    eventTypes\n    status\n    disabledAt\n    disabledReason\n    failingSince\n    headers\n    rateLimitPerSecond\n    retrySchedule\n    retryPolicy {\n      schedule\n      maxAttempts\n    }\n    stats {\n      succeeded\n      failed\n      pending\n      successRate\n      held\n      heldOverflow\n    }\n    ordering {\n      key\n      onFailure\n    }\n    lastHeldRelease {\n      at\n      released\n      cancelled\n      expired\n    }\n  }\n": typeof types.ConsoleEndpointFieldsFragmentDoc,
    "\n  fragment ConsoleDeliveryFields on Delivery {\n    id\n    status\n    attemptCount\n    eventType\n    eventId\n    endpointId\n    createdAt\n    lastAttemptAt\n    nextAttemptAt\n    orderingKey\n    blocksLine\n  }\n": typeof types.ConsoleDeliveryFieldsFragmentDoc,
    "\n  fragment ConsoleAttemptFields on DeliveryAttempt {\n    id\n    attemptNumber\n    trigger\n    responseStatus\n    error\n    errorMessage\n    durationMs\n    createdAt\n    deliveryId\n    endpointId\n    eventId\n  }\n": typeof types.ConsoleAttemptFieldsFragmentDoc,
    "\n  query ConsoleEventTypeNames {\n    eventTypes(first: 500) {\n      name\n    }\n  }\n": typeof types.ConsoleEventTypeNamesDocument,
    "\n  query ConsoleDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...ConsoleDeliveryFields\n      endpoint {\n        id\n        url\n      }\n      event {\n        id\n        type\n        payload\n        payloadExpired\n      }\n      attempts(first: 100) {\n        edges {\n          node {\n            ...ConsoleAttemptFields\n            responseBody\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleDeliveryDocument,
    "\n  mutation ConsoleRedeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      ...ConsoleDeliveryFields\n    }\n  }\n": typeof types.ConsoleRedeliverDocument,
    "\n  subscription ConsoleDeliveryAttempts($eventId: ID!) {\n    deliveryAttempts(eventId: $eventId) {\n      id\n      deliveryId\n    }\n  }\n": typeof types.ConsoleDeliveryAttemptsDocument,
    "\n  query ConsoleEndpoint($id: ID!) {\n    endpoint(id: $id) {\n      ...ConsoleEndpointFields\n      createdAt\n    }\n  }\n": typeof types.ConsoleEndpointDocument,
    "\n  query ConsoleEndpoints($after: String) {\n    endpoints(first: 25, after: $after) {\n      edges {\n        node {\n          ...ConsoleEndpointFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleEndpointsDocument,
    "\n  query ConsoleEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      timestamp\n      createdAt\n      payload\n      payloadExpired\n      deliveries(first: 100) {\n        edges {\n          node {\n            ...ConsoleDeliveryFields\n            endpoint {\n              id\n              url\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleEventDocument,
    "\n  query ConsoleEventTypes {\n    eventTypes(first: 500) {\n      id\n      name\n      description\n      schema\n    }\n  }\n": typeof types.ConsoleEventTypesDocument,
    "\n  query ConsoleEvents($type: String, $since: DateTime, $until: DateTime, $after: String) {\n    events(type: $type, since: $since, until: $until, first: 25, after: $after) {\n      edges {\n        node {\n          id\n          type\n          timestamp\n          createdAt\n          payloadExpired\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleEventsDocument,
    "\n  query ConsoleSystemStatus {\n    systemStatus {\n      postgres\n      nats\n      redis\n      queueDepth\n      deliveriesPerSecond\n      failuresPerSecond\n    }\n  }\n": typeof types.ConsoleSystemStatusDocument,
    "\n  query ConsoleOrganizations($after: String) {\n    organizations(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          name\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ConsoleOrganizationsDocument,
    "\n  mutation ConsoleCreateOrganization($name: String!) {\n    createOrganization(input: { name: $name }) {\n      organization {\n        id\n        name\n      }\n      token\n    }\n  }\n": typeof types.ConsoleCreateOrganizationDocument,
};
const documents: Documents = {
    "\n  query ConsoleEndpointDeliveries($endpointId: ID!, $status: DeliveryStatus, $after: String) {\n    deliveries(endpointId: $endpointId, status: $status, first: 25, after: $after) {\n      edges {\n        node {\n          ...ConsoleDeliveryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleEndpointDeliveriesDocument,
    "\n  mutation ConsoleEnableEndpoint($id: ID!, $deliverHeld: Boolean) {\n    enableEndpoint(id: $id, deliverHeld: $deliverHeld) {\n      ...ConsoleEndpointFields\n    }\n  }\n": types.ConsoleEnableEndpointDocument,
    "\n  mutation ConsoleDisableEndpoint($id: ID!) {\n    disableEndpoint(id: $id, reason: \"disabled in the console\") {\n      ...ConsoleEndpointFields\n    }\n  }\n": types.ConsoleDisableEndpointDocument,
    "\n  mutation ConsoleDeleteEndpoint($id: ID!) {\n    deleteEndpoint(id: $id) {\n      id\n      deletedAt\n    }\n  }\n": types.ConsoleDeleteEndpointDocument,
    "\n  mutation ConsoleCreateEndpoint($input: CreateEndpointInput!) {\n    createEndpoint(input: $input) {\n      ...ConsoleEndpointFields\n    }\n  }\n": types.ConsoleCreateEndpointDocument,
    "\n  mutation ConsoleUpdateEndpoint($id: ID!, $input: UpdateEndpointInput!) {\n    updateEndpoint(id: $id, input: $input) {\n      ...ConsoleEndpointFields\n    }\n  }\n": types.ConsoleUpdateEndpointDocument,
    "\n  query ConsoleEndpointSparkline($id: ID!, $since: DateTime!) {\n    endpoint(id: $id) {\n      id\n      statsSeries(bucket: HOUR, since: $since) {\n        start\n        succeeded\n        failed\n        attempts\n        latencyP99Ms\n      }\n    }\n  }\n": types.ConsoleEndpointSparklineDocument,
    "\n  query ConsoleEndpointSeries($id: ID!, $bucket: StatsBucketSize!, $since: DateTime!) {\n    endpoint(id: $id) {\n      id\n      statsSeries(bucket: $bucket, since: $since) {\n        start\n        succeeded\n        failed\n        attempts\n        latencyP50Ms\n        latencyP99Ms\n      }\n    }\n  }\n": types.ConsoleEndpointSeriesDocument,
    "\n  subscription ConsoleLiveAttempts($endpointId: ID!, $after: ID) {\n    deliveryAttempts(endpointId: $endpointId, after: $after) {\n      ...ConsoleAttemptFields\n    }\n  }\n": types.ConsoleLiveAttemptsDocument,
    "\n  query ConsoleRecentAttempts($endpointId: ID!) {\n    deliveries(endpointId: $endpointId, first: 10) {\n      edges {\n        node {\n          attempts(first: 1) {\n            edges {\n              node {\n                ...ConsoleAttemptFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleRecentAttemptsDocument,
    "\n  query ConsoleReplayEndpoints {\n    endpoints(first: 100) {\n      edges {\n        node {\n          id\n          url\n        }\n      }\n    }\n  }\n": types.ConsoleReplayEndpointsDocument,
    "\n  mutation ConsoleReplayEvents($endpointId: ID!, $since: DateTime!, $onlyFailed: Boolean) {\n    replayEvents(endpointId: $endpointId, since: $since, onlyFailed: $onlyFailed) {\n      count\n      expired\n    }\n  }\n": types.ConsoleReplayEventsDocument,
    "\n  query ConsoleEndpointSecret($endpointId: ID!) {\n    endpointSecret(endpointId: $endpointId) {\n      id\n      key\n      kind\n      inGrace {\n        id\n        key\n        expiresAt\n      }\n    }\n  }\n": types.ConsoleEndpointSecretDocument,
    "\n  mutation ConsoleRotateEndpointSecret($id: ID!, $graceSeconds: Int) {\n    rotateEndpointSecret(id: $id, graceSeconds: $graceSeconds) {\n      id\n      key\n      expiredEarly {\n        id\n        graceWasUntil\n      }\n    }\n  }\n": types.ConsoleRotateEndpointSecretDocument,
    "\n  query ConsoleViewer {\n    viewer {\n      organization {\n        id\n        name\n      }\n      portal {\n        readOnly\n        expiresAt\n      }\n    }\n  }\n": types.ConsoleViewerDocument,
    "\n  mutation ConsoleSkipDelivery($deliveryId: ID!) {\n    skipDelivery(deliveryId: $deliveryId) {\n      ...ConsoleDeliveryFields\n    }\n  }\n": types.ConsoleSkipDeliveryDocument,
    "\n  mutation ConsoleSendTestEvent($endpointId: ID!, $eventType: String!) {\n    sendTestEvent(endpointId: $endpointId, eventType: $eventType) {\n      ...ConsoleDeliveryFields\n    }\n  }\n": types.ConsoleSendTestEventDocument,
    "\n  fragment ConsoleEndpointFields on Endpoint {\n    id\n    url\n    description\n    eventTypes\n    status\n    disabledAt\n    disabledReason\n    failingSince\n    headers\n    rateLimitPerSecond\n    retrySchedule\n    retryPolicy {\n      schedule\n      maxAttempts\n    }\n    stats {\n      succeeded\n      failed\n      pending\n      successRate\n      held\n      heldOverflow\n    }\n    ordering {\n      key\n      onFailure\n    }\n    lastHeldRelease {\n      at\n      released\n      cancelled\n      expired\n    }\n  }\n": types.ConsoleEndpointFieldsFragmentDoc,
    "\n  fragment ConsoleDeliveryFields on Delivery {\n    id\n    status\n    attemptCount\n    eventType\n    eventId\n    endpointId\n    createdAt\n    lastAttemptAt\n    nextAttemptAt\n    orderingKey\n    blocksLine\n  }\n": types.ConsoleDeliveryFieldsFragmentDoc,
    "\n  fragment ConsoleAttemptFields on DeliveryAttempt {\n    id\n    attemptNumber\n    trigger\n    responseStatus\n    error\n    errorMessage\n    durationMs\n    createdAt\n    deliveryId\n    endpointId\n    eventId\n  }\n": types.ConsoleAttemptFieldsFragmentDoc,
    "\n  query ConsoleEventTypeNames {\n    eventTypes(first: 500) {\n      name\n    }\n  }\n": types.ConsoleEventTypeNamesDocument,
    "\n  query ConsoleDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...ConsoleDeliveryFields\n      endpoint {\n        id\n        url\n      }\n      event {\n        id\n        type\n        payload\n        payloadExpired\n      }\n      attempts(first: 100) {\n        edges {\n          node {\n            ...ConsoleAttemptFields\n            responseBody\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleDeliveryDocument,
    "\n  mutation ConsoleRedeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      ...ConsoleDeliveryFields\n    }\n  }\n": types.ConsoleRedeliverDocument,
    "\n  subscription ConsoleDeliveryAttempts($eventId: ID!) {\n    deliveryAttempts(eventId: $eventId) {\n      id\n      deliveryId\n    }\n  }\n": types.ConsoleDeliveryAttemptsDocument,
    "\n  query ConsoleEndpoint($id: ID!) {\n    endpoint(id: $id) {\n      ...ConsoleEndpointFields\n      createdAt\n    }\n  }\n": types.ConsoleEndpointDocument,
    "\n  query ConsoleEndpoints($after: String) {\n    endpoints(first: 25, after: $after) {\n      edges {\n        node {\n          ...ConsoleEndpointFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleEndpointsDocument,
    "\n  query ConsoleEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      timestamp\n      createdAt\n      payload\n      payloadExpired\n      deliveries(first: 100) {\n        edges {\n          node {\n            ...ConsoleDeliveryFields\n            endpoint {\n              id\n              url\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleEventDocument,
    "\n  query ConsoleEventTypes {\n    eventTypes(first: 500) {\n      id\n      name\n      description\n      schema\n    }\n  }\n": types.ConsoleEventTypesDocument,
    "\n  query ConsoleEvents($type: String, $since: DateTime, $until: DateTime, $after: String) {\n    events(type: $type, since: $since, until: $until, first: 25, after: $after) {\n      edges {\n        node {\n          id\n          type\n          timestamp\n          createdAt\n          payloadExpired\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleEventsDocument,
    "\n  query ConsoleSystemStatus {\n    systemStatus {\n      postgres\n      nats\n      redis\n      queueDepth\n      deliveriesPerSecond\n      failuresPerSecond\n    }\n  }\n": types.ConsoleSystemStatusDocument,
    "\n  query ConsoleOrganizations($after: String) {\n    organizations(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          name\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ConsoleOrganizationsDocument,
    "\n  mutation ConsoleCreateOrganization($name: String!) {\n    createOrganization(input: { name: $name }) {\n      organization {\n        id\n        name\n      }\n      token\n    }\n  }\n": types.ConsoleCreateOrganizationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEndpointDeliveries($endpointId: ID!, $status: DeliveryStatus, $after: String) {\n    deliveries(endpointId: $endpointId, status: $status, first: 25, after: $after) {\n      edges {\n        node {\n          ...ConsoleDeliveryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEndpointDeliveries($endpointId: ID!, $status: DeliveryStatus, $after: String) {\n    deliveries(endpointId: $endpointId, status: $status, first: 25, after: $after) {\n      edges {\n        node {\n          ...ConsoleDeliveryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleEnableEndpoint($id: ID!, $deliverHeld: Boolean) {\n    enableEndpoint(id: $id, deliverHeld: $deliverHeld) {\n      ...ConsoleEndpointFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleEnableEndpoint($id: ID!, $deliverHeld: Boolean) {\n    enableEndpoint(id: $id, deliverHeld: $deliverHeld) {\n      ...ConsoleEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDisableEndpoint($id: ID!) {\n    disableEndpoint(id: $id, reason: \"disabled in the console\") {\n      ...ConsoleEndpointFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDisableEndpoint($id: ID!) {\n    disableEndpoint(id: $id, reason: \"disabled in the console\") {\n      ...ConsoleEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteEndpoint($id: ID!) {\n    deleteEndpoint(id: $id) {\n      id\n      deletedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteEndpoint($id: ID!) {\n    deleteEndpoint(id: $id) {\n      id\n      deletedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateEndpoint($input: CreateEndpointInput!) {\n    createEndpoint(input: $input) {\n      ...ConsoleEndpointFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateEndpoint($input: CreateEndpointInput!) {\n    createEndpoint(input: $input) {\n      ...ConsoleEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateEndpoint($id: ID!, $input: UpdateEndpointInput!) {\n    updateEndpoint(id: $id, input: $input) {\n      ...ConsoleEndpointFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateEndpoint($id: ID!, $input: UpdateEndpointInput!) {\n    updateEndpoint(id: $id, input: $input) {\n      ...ConsoleEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEndpointSparkline($id: ID!, $since: DateTime!) {\n    endpoint(id: $id) {\n      id\n      statsSeries(bucket: HOUR, since: $since) {\n        start\n        succeeded\n        failed\n        attempts\n        latencyP99Ms\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEndpointSparkline($id: ID!, $since: DateTime!) {\n    endpoint(id: $id) {\n      id\n      statsSeries(bucket: HOUR, since: $since) {\n        start\n        succeeded\n        failed\n        attempts\n        latencyP99Ms\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEndpointSeries($id: ID!, $bucket: StatsBucketSize!, $since: DateTime!) {\n    endpoint(id: $id) {\n      id\n      statsSeries(bucket: $bucket, since: $since) {\n        start\n        succeeded\n        failed\n        attempts\n        latencyP50Ms\n        latencyP99Ms\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEndpointSeries($id: ID!, $bucket: StatsBucketSize!, $since: DateTime!) {\n    endpoint(id: $id) {\n      id\n      statsSeries(bucket: $bucket, since: $since) {\n        start\n        succeeded\n        failed\n        attempts\n        latencyP50Ms\n        latencyP99Ms\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleLiveAttempts($endpointId: ID!, $after: ID) {\n    deliveryAttempts(endpointId: $endpointId, after: $after) {\n      ...ConsoleAttemptFields\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleLiveAttempts($endpointId: ID!, $after: ID) {\n    deliveryAttempts(endpointId: $endpointId, after: $after) {\n      ...ConsoleAttemptFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRecentAttempts($endpointId: ID!) {\n    deliveries(endpointId: $endpointId, first: 10) {\n      edges {\n        node {\n          attempts(first: 1) {\n            edges {\n              node {\n                ...ConsoleAttemptFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleRecentAttempts($endpointId: ID!) {\n    deliveries(endpointId: $endpointId, first: 10) {\n      edges {\n        node {\n          attempts(first: 1) {\n            edges {\n              node {\n                ...ConsoleAttemptFields\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleReplayEndpoints {\n    endpoints(first: 100) {\n      edges {\n        node {\n          id\n          url\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleReplayEndpoints {\n    endpoints(first: 100) {\n      edges {\n        node {\n          id\n          url\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReplayEvents($endpointId: ID!, $since: DateTime!, $onlyFailed: Boolean) {\n    replayEvents(endpointId: $endpointId, since: $since, onlyFailed: $onlyFailed) {\n      count\n      expired\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleReplayEvents($endpointId: ID!, $since: DateTime!, $onlyFailed: Boolean) {\n    replayEvents(endpointId: $endpointId, since: $since, onlyFailed: $onlyFailed) {\n      count\n      expired\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEndpointSecret($endpointId: ID!) {\n    endpointSecret(endpointId: $endpointId) {\n      id\n      key\n      kind\n      inGrace {\n        id\n        key\n        expiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEndpointSecret($endpointId: ID!) {\n    endpointSecret(endpointId: $endpointId) {\n      id\n      key\n      kind\n      inGrace {\n        id\n        key\n        expiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRotateEndpointSecret($id: ID!, $graceSeconds: Int) {\n    rotateEndpointSecret(id: $id, graceSeconds: $graceSeconds) {\n      id\n      key\n      expiredEarly {\n        id\n        graceWasUntil\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRotateEndpointSecret($id: ID!, $graceSeconds: Int) {\n    rotateEndpointSecret(id: $id, graceSeconds: $graceSeconds) {\n      id\n      key\n      expiredEarly {\n        id\n        graceWasUntil\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleViewer {\n    viewer {\n      organization {\n        id\n        name\n      }\n      portal {\n        readOnly\n        expiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleViewer {\n    viewer {\n      organization {\n        id\n        name\n      }\n      portal {\n        readOnly\n        expiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSkipDelivery($deliveryId: ID!) {\n    skipDelivery(deliveryId: $deliveryId) {\n      ...ConsoleDeliveryFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSkipDelivery($deliveryId: ID!) {\n    skipDelivery(deliveryId: $deliveryId) {\n      ...ConsoleDeliveryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSendTestEvent($endpointId: ID!, $eventType: String!) {\n    sendTestEvent(endpointId: $endpointId, eventType: $eventType) {\n      ...ConsoleDeliveryFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSendTestEvent($endpointId: ID!, $eventType: String!) {\n    sendTestEvent(endpointId: $endpointId, eventType: $eventType) {\n      ...ConsoleDeliveryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleEndpointFields on Endpoint {\n    id\n    url\n    description\n    eventTypes\n    status\n    disabledAt\n    disabledReason\n    failingSince\n    headers\n    rateLimitPerSecond\n    retrySchedule\n    retryPolicy {\n      schedule\n      maxAttempts\n    }\n    stats {\n      succeeded\n      failed\n      pending\n      successRate\n      held\n      heldOverflow\n    }\n    ordering {\n      key\n      onFailure\n    }\n    lastHeldRelease {\n      at\n      released\n      cancelled\n      expired\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleEndpointFields on Endpoint {\n    id\n    url\n    description\n    eventTypes\n    status\n    disabledAt\n    disabledReason\n    failingSince\n    headers\n    rateLimitPerSecond\n    retrySchedule\n    retryPolicy {\n      schedule\n      maxAttempts\n    }\n    stats {\n      succeeded\n      failed\n      pending\n      successRate\n      held\n      heldOverflow\n    }\n    ordering {\n      key\n      onFailure\n    }\n    lastHeldRelease {\n      at\n      released\n      cancelled\n      expired\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleDeliveryFields on Delivery {\n    id\n    status\n    attemptCount\n    eventType\n    eventId\n    endpointId\n    createdAt\n    lastAttemptAt\n    nextAttemptAt\n    orderingKey\n    blocksLine\n  }\n"): (typeof documents)["\n  fragment ConsoleDeliveryFields on Delivery {\n    id\n    status\n    attemptCount\n    eventType\n    eventId\n    endpointId\n    createdAt\n    lastAttemptAt\n    nextAttemptAt\n    orderingKey\n    blocksLine\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleAttemptFields on DeliveryAttempt {\n    id\n    attemptNumber\n    trigger\n    responseStatus\n    error\n    errorMessage\n    durationMs\n    createdAt\n    deliveryId\n    endpointId\n    eventId\n  }\n"): (typeof documents)["\n  fragment ConsoleAttemptFields on DeliveryAttempt {\n    id\n    attemptNumber\n    trigger\n    responseStatus\n    error\n    errorMessage\n    durationMs\n    createdAt\n    deliveryId\n    endpointId\n    eventId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEventTypeNames {\n    eventTypes(first: 500) {\n      name\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEventTypeNames {\n    eventTypes(first: 500) {\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...ConsoleDeliveryFields\n      endpoint {\n        id\n        url\n      }\n      event {\n        id\n        type\n        payload\n        payloadExpired\n      }\n      attempts(first: 100) {\n        edges {\n          node {\n            ...ConsoleAttemptFields\n            responseBody\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...ConsoleDeliveryFields\n      endpoint {\n        id\n        url\n      }\n      event {\n        id\n        type\n        payload\n        payloadExpired\n      }\n      attempts(first: 100) {\n        edges {\n          node {\n            ...ConsoleAttemptFields\n            responseBody\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRedeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      ...ConsoleDeliveryFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRedeliver($deliveryId: ID!) {\n    redeliver(deliveryId: $deliveryId) {\n      ...ConsoleDeliveryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleDeliveryAttempts($eventId: ID!) {\n    deliveryAttempts(eventId: $eventId) {\n      id\n      deliveryId\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleDeliveryAttempts($eventId: ID!) {\n    deliveryAttempts(eventId: $eventId) {\n      id\n      deliveryId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEndpoint($id: ID!) {\n    endpoint(id: $id) {\n      ...ConsoleEndpointFields\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEndpoint($id: ID!) {\n    endpoint(id: $id) {\n      ...ConsoleEndpointFields\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEndpoints($after: String) {\n    endpoints(first: 25, after: $after) {\n      edges {\n        node {\n          ...ConsoleEndpointFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEndpoints($after: String) {\n    endpoints(first: 25, after: $after) {\n      edges {\n        node {\n          ...ConsoleEndpointFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      timestamp\n      createdAt\n      payload\n      payloadExpired\n      deliveries(first: 100) {\n        edges {\n          node {\n            ...ConsoleDeliveryFields\n            endpoint {\n              id\n              url\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      timestamp\n      createdAt\n      payload\n      payloadExpired\n      deliveries(first: 100) {\n        edges {\n          node {\n            ...ConsoleDeliveryFields\n            endpoint {\n              id\n              url\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEventTypes {\n    eventTypes(first: 500) {\n      id\n      name\n      description\n      schema\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEventTypes {\n    eventTypes(first: 500) {\n      id\n      name\n      description\n      schema\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEvents($type: String, $since: DateTime, $until: DateTime, $after: String) {\n    events(type: $type, since: $since, until: $until, first: 25, after: $after) {\n      edges {\n        node {\n          id\n          type\n          timestamp\n          createdAt\n          payloadExpired\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEvents($type: String, $since: DateTime, $until: DateTime, $after: String) {\n    events(type: $type, since: $since, until: $until, first: 25, after: $after) {\n      edges {\n        node {\n          id\n          type\n          timestamp\n          createdAt\n          payloadExpired\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSystemStatus {\n    systemStatus {\n      postgres\n      nats\n      redis\n      queueDepth\n      deliveriesPerSecond\n      failuresPerSecond\n    }\n  }\n"): (typeof documents)["\n  query ConsoleSystemStatus {\n    systemStatus {\n      postgres\n      nats\n      redis\n      queueDepth\n      deliveriesPerSecond\n      failuresPerSecond\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOrganizations($after: String) {\n    organizations(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          name\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleOrganizations($after: String) {\n    organizations(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          name\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateOrganization($name: String!) {\n    createOrganization(input: { name: $name }) {\n      organization {\n        id\n        name\n      }\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateOrganization($name: String!) {\n    createOrganization(input: { name: $name }) {\n      organization {\n        id\n        name\n      }\n      token\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;