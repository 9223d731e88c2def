import type { ExecutionArgs, ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * A plugin that answers an operation with `refusal`'s result instead of running it, when
 * that returns one: queries and mutations (HTTP and WebSocket) and subscriptions alike.
 */
export function refuseBeforeExecution(refusal: (args: ExecutionArgs) => ExecutionResult | null): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusal(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusal(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
