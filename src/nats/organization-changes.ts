import { idAnnouncement } from "./id-announcement.ts";

export const ORGANIZATION_CHANGED_SUBJECT = "herald.internal.organization-changed";

const organizationChanges = idAnnouncement(ORGANIZATION_CHANGED_SUBJECT);

/**
 * Tells every worker to drop its cached copies of the organization's endpoints, whose wire
 * format, envelope and retry policy may come from the organization's defaults; a worker that
 * misses it reloads them when their cache entries expire.
 */
export const announceOrganizationChange = organizationChanges.announce;
export const onOrganizationChange = organizationChanges.listen;
