import { Badge, Text } from "@mantine/core";
import { attemptSucceeded } from "../format.ts";

// Statuses by string, not by the generated enum types: a status the API adds later (e.g. HELD)
// shows in grey instead of breaking the build.
const DELIVERY_COLORS: Record<string, string> = { SUCCEEDED: "green", FAILED: "red", PENDING: "blue", CANCELLED: "gray", HELD: "yellow" };

export function EndpointStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={status === "ENABLED" ? "green" : "gray"} variant="light">
      {status.toLowerCase()}
    </Badge>
  );
}

export function DeliveryStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={DELIVERY_COLORS[status] ?? "gray"} variant="light" data-status={status}>
      {status.toLowerCase()}
    </Badge>
  );
}

/** An attempt's outcome: its HTTP status, or the kind of error that left it without one. */
export function AttemptResultBadge({ attempt }: { attempt: { responseStatus?: number | null; error?: string | null } }) {
  const ok = attemptSucceeded(attempt);
  return (
    <Badge color={ok ? "green" : "red"} variant={ok ? "light" : "filled"} data-outcome={ok ? "succeeded" : "failed"}>
      {attempt.error ? attempt.error.toLowerCase().replaceAll("_", " ") : (attempt.responseStatus ?? "—")}
    </Badge>
  );
}

/** Deliveries held for a disabled endpoint, and (as a warning) events it lost past ENDPOINT_MAX_HELD. */
export function HeldNote({ stats }: { stats: { held: number; heldOverflow: number } }) {
  if (stats.held === 0 && stats.heldOverflow === 0) return null;
  return (
    <>
      {stats.held > 0 && (
        <Text size="xs" c="yellow.8" data-held={stats.held}>
          {stats.held.toLocaleString("en-US")} held
        </Text>
      )}
      {stats.heldOverflow > 0 && (
        <Text size="xs" c="red" fw={600}>
          ⚠ {stats.heldOverflow.toLocaleString("en-US")} not held (limit reached): lost to this endpoint
        </Text>
      )}
    </>
  );
}
