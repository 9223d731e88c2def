import { setFlagsFromString } from "node:v8";

/**
 * Ajv compiles each tenant's event schema to a function (new Function). V8 keeps every distinct
 * source it compiled that way in its compilation cache for the life of the process (measured:
 * +15 MB of heap per 100 compiles of a schema at the caps, never freed), so tenants could grow
 * the heap without bound by storing distinct schemas. Herald has no code that gains from that
 * cache. Process-wide, so it is set where a process starts Herald, before any schema compiles.
 */
export function disableCompilationCache(): void {
  setFlagsFromString("--no-compilation-cache");
}
