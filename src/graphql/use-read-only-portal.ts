import { type ExecutionArgs, getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "./context.ts";
import { forbidden } from "./errors.ts";
import { refuseBeforeExecution } from "./refuse-before-execution.ts";

/** The refusal of a mutation by a read-only portal session; null for anything else. */
export function readOnlyRefusal(args: Pick<ExecutionArgs, "contextValue" | "document" | "operationName">) {
  if (!(args.contextValue as Context).principal?.portal?.readOnly) return null;
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== "mutation") return null;
  return { errors: [forbidden("this portal session is read-only: mutations are refused", [operation])] };
}

/**
 * A read-only portal session runs queries and subscriptions only: a mutation is refused
 * whole, before any of its fields runs, so a document mixing several runs none of them.
 */
export function useReadOnlyPortal(): Plugin {
  return refuseBeforeExecution(readOnlyRefusal);
}
