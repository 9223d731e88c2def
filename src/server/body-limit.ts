import type { IncomingMessage, ServerResponse } from "node:http";

/** Refuses a body over the limit: at once when declared, and as it arrives when chunked. True when refused. */
export function refuseOversizeBody(maxBytes: number, req: IncomingMessage, res: ServerResponse): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) {
    res.writeHead(413, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ errors: [{ message: `request body larger than ${maxBytes} bytes`, extensions: { code: "BAD_USER_INPUT" } }] }));
    req.destroy();
    return true;
  }
  if (req.headers["transfer-encoding"]) {
    // A chunked body has no declared size: count it as it arrives and cut it off past the limit.
    let seen = 0;
    req.on("data", (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) req.destroy(new Error("request body too large"));
    });
  }
  return false;
}
