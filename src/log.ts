import { pino, type Logger } from "pino";

export type { Logger };

/** Paths that could carry credentials are censored wherever they appear in a log line. */
const REDACT = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "secret",
  "*.secret",
  "key",
  "*.key",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "connectionParams",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: "[redacted]" }, base: { pid: process.pid } }, destination);
}
