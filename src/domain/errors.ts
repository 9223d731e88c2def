// The errors domain functions throw on purpose; graphql/errors.ts gives each its extensions.code.

export interface Issue {
  path: string[];
  message: string;
}

/** A domain function's verdict on bad input; the GraphQL layer turns it into BAD_USER_INPUT. */
export class InputError extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    this.name = "InputError";
  }
}

/** The request is well-formed but collides with existing state (e.g. a duplicate name). */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
}

/**
 * A server Herald needs cannot do its part right now (JetStream electing a leader, or out of
 * reach); the same call, repeated, may succeed. SPEC §9: SERVICE_UNAVAILABLE.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = "ServiceUnavailableError";

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * The event's payload is gone (its organization's payloadRetentionDays passed), so there is
 * nothing to send again. GraphQL: PAYLOAD_EXPIRED.
 */
export class PayloadExpiredError extends Error {
  override readonly name = "PayloadExpiredError";

  constructor(
    readonly eventId: string,
    readonly expiredAt: Date,
  ) {
    super(`the payload of event ${eventId} expired at ${expiredAt.toISOString()} (payloadRetentionDays): it cannot be sent again`);
  }
}
