import { idAnnouncement } from "./id-announcement.ts";

export const API_KEY_REVOKED_SUBJECT = "herald.internal.api-key-revoked";

const apiKeyRevocations = idAnnouncement(API_KEY_REVOKED_SUBJECT);

/**
 * Tells every api process to close the live connections authenticated with this key; one
 * that misses it closes such a connection when it starts its next operation.
 */
export const announceApiKeyRevoked = apiKeyRevocations.announce;
export const onApiKeyRevoked = apiKeyRevocations.listen;
