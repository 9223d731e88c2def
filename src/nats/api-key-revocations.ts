import { idAnnouncement } from "./id-announcement.ts";

export const API_KEY_REVOKED_SUBJECT = "herald.internal.api-key-revoked";

const apiKeyRevocations = idAnnouncement(API_KEY_REVOKED_SUBJECT);

/**
 * Tells every api process to close the live connections authenticated with this key. One
 * that misses it (cut off from NATS at that moment) closes them once its NATS connection is
 * back, or when one of them starts its next operation.
 */
export const announceApiKeyRevoked = apiKeyRevocations.announce;
export const onApiKeyRevoked = apiKeyRevocations.listen;
