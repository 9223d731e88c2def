import type { z } from "zod";
import { InputError } from "./errors.ts";

/** Parses one boundary value with zod; failures become an InputError whose paths start at `path`. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, path: string[] = []): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(result.error.issues.map((i) => ({ path: [...path, ...i.path.map(String)], message: i.message })));
  }
  return result.data;
}
