import { builder } from "../builder.ts";
import "./scalars.ts";
import "./wire-format.ts";
import "./envelope-mapping.ts";
import "./retry-policy.ts";
import "./event-filter.ts";
import "./organization.ts";
import "./viewer.ts";
import "./api-key.ts";
import "./event-type.ts";
import "./endpoint.ts";
import "./endpoint-stats.ts";
import "./endpoint-secret.ts";
import "./event.ts";
import "./delivery.ts";
import "./delivery-attempt.ts";
import "./rejected-message.ts";

export const schema = builder.toSchema({ sortSchema: true });
