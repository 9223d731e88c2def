import type { InputFieldRef } from "@pothos/core";
import {
  MAX_DECIMAL_LENGTH,
  MAX_FILTER_DEPTH,
  MAX_FILTER_NODES,
  MAX_FILTER_VALUES,
  MAX_LIST_VALUES,
  MAX_PATH_LENGTH,
  MAX_PATH_SEGMENTS,
  MAX_STRING_LENGTH,
} from "../../rules/payload-filter.ts";
import { builder } from "../builder.ts";

/** A JSON scalar's input: any value. */
type JsonValue = NonNullable<unknown> | null;
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** EventFilterInput as GraphQL gives it; the domain checks it (rules/payload-filter.ts). */
export interface EventFilterInputShape {
  path?: string | null;
  and?: EventFilterInputShape[] | null;
  or?: EventFilterInputShape[] | null;
  not?: EventFilterInputShape | null;
  eq?: JsonValue;
  ne?: JsonValue;
  in?: unknown[] | null;
  nin?: unknown[] | null;
  gt?: JsonValue;
  gte?: JsonValue;
  lt?: JsonValue;
  lte?: JsonValue;
  exists?: boolean | null;
}

const LIMITS = `Limits: ${MAX_FILTER_DEPTH} levels of nesting, ${MAX_FILTER_NODES} objects in all, ${MAX_LIST_VALUES} values per list and ${MAX_FILTER_VALUES} in all lists, strings of ${MAX_STRING_LENGTH} characters, paths of ${MAX_PATH_SEGMENTS} segments and ${MAX_PATH_LENGTH} characters.`;
const BOUND = `A number (compared with numbers), or a decimal string such as "100.00" (compared exactly as a decimal with decimal strings of at most ${MAX_DECIMAL_LENGTH} characters: "100.00" equals "100"; no exponent).`;

export const EventFilterInput = builder.inputRef<EventFilterInputShape>("EventFilterInput").implement({
  description: `A condition on the event beyond its type: give exactly one operator (with \`path\`) or one combinator per object; null fields count as absent. \`path\` is a dot path into the envelope: \`data.<field>…\` (a segment of digits indexes an array), \`type\`, \`id\` or \`timestamp\`. A value of another type than the operand's, or a path that leads nowhere, matches no operator but \`exists: false\` (ne and nin included: wrap eq or in in \`not\` to also take events without the field). E.g. \`{and: [{path: "data.queueId", in: ["q_1", "q_2"]}, {path: "data.total", gte: "100.00"}]}\`. ${LIMITS}`,
  fields: (t) => {
    // The JSON scalar's input is `unknown`; an operand field of the recursive shape must say what it holds.
    const operand = (description: string) => t.field({ type: "JSON", description }) as InputFieldRef<Types, JsonValue>;
    return {
      and: t.field({ type: [EventFilterInput], description: "Every filter in the list holds." }),
      or: t.field({ type: [EventFilterInput], description: "At least one filter in the list holds." }),
      not: t.field({ type: EventFilterInput, description: "The filter does not hold." }),
      path: t.string({ description: "Where the operator looks: `data.<field>…`, `type`, `id` or `timestamp`." }),
      eq: operand("Equals this string, number or boolean (strings compare as strings)."),
      ne: operand("A value of the same type that differs."),
      in: t.field({ type: ["JSON"], description: "One of these strings, numbers or booleans (one kind per list)." }),
      nin: t.field({ type: ["JSON"], description: "A value of the list's kind that is none of these." }),
      gt: operand(`Greater than. ${BOUND}`),
      gte: operand("Greater than or equal, as for gt."),
      lt: operand("Less than, as for gt."),
      lte: operand("Less than or equal, as for gt."),
      exists: t.boolean({ description: "true: the path leads to a value (null counts); false: it leads nowhere." }),
    };
  },
});
