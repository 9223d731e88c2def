import type { ServerResponse } from "node:http";
import { checkReadiness, type ReadinessDeps } from "../domain/readiness.ts";

export type { ReadinessDeps } from "../domain/readiness.ts";

export const READINESS_CHECK_PATH = "/readyz";

/** 200 with the report when every server answers, else 503 with it: what a load balancer reads. */
export async function answerReadinessCheck(deps: ReadinessDeps, res: ServerResponse): Promise<void> {
  const report = await checkReadiness(deps);
  res.writeHead(report.ready ? 200 : 503, { "content-type": "application/json" });
  res.end(JSON.stringify(report));
}
