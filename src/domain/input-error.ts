export interface Issue {
  path: string[];
  message: string;
}

/** A domain function's verdict on bad input; the GraphQL layer turns it into BAD_USER_INPUT. */
export class InputError extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    this.name = "InputError";
  }
}
