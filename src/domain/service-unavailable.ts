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
