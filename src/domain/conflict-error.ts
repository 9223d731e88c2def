/** The request is well-formed but collides with existing state (e.g. a duplicate name). */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
}
