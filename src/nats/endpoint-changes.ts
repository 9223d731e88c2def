import { idAnnouncement } from "./id-announcement.ts";

export const ENDPOINT_CHANGED_SUBJECT = "herald.internal.endpoint-changed";

const endpointChanges = idAnnouncement(ENDPOINT_CHANGED_SUBJECT);

/**
 * Tells every worker to drop its cached copy of the endpoint (settings, secrets, status); a
 * worker that misses it reloads the endpoint when its cache entry expires.
 */
export const announceEndpointChange = endpointChanges.announce;
export const onEndpointChange = endpointChanges.listen;
