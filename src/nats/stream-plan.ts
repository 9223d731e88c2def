import type { StreamConfig } from "@nats-io/jetstream";

/** Where and how Herald's streams are kept: NATS_STREAM_REPLICAS, NATS_STREAM_STORAGE, NATS_STREAM_TAGS. */
export interface StreamPlacement {
  replicas: number;
  storage: StreamConfig["storage"];
  tags: string[];
}

export interface StreamPlan {
  /** The settings to send as an update, or undefined when the stream already has them. */
  update?: Partial<StreamConfig>;
  /** Settings the stream keeps although configuration asks otherwise, each with what to change. */
  conflicts: string[];
}

// Settings Herald owns and may change on every start-up: they define what the stream carries.
const OWNED = ["subjects", "max_msg_size", "duplicate_window", "max_age"] as const;

const sameTags = (a: string[] = [], b: string[] = []) => a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");

/**
 * Compares an existing stream with what Herald wants. JetStream can raise a stream's
 * replicas in place, so a lower count is scaled up; everything it cannot change in place
 * (storage, retention), or that an operator may have chosen on purpose (more replicas,
 * other placement), is kept and reported, so a start-up never fails on it or silently
 * rewrites it.
 */
export function planStreamUpdate(name: string, existing: StreamConfig, wanted: Partial<StreamConfig>): StreamPlan {
  const update: Partial<StreamConfig> = {};
  const conflicts: string[] = [];
  for (const key of OWNED) {
    if (wanted[key] !== undefined && JSON.stringify(existing[key]) !== JSON.stringify(wanted[key])) {
      Object.assign(update, { [key]: wanted[key] });
    }
  }
  const replicas = wanted.num_replicas ?? 1;
  if (existing.num_replicas < replicas) update.num_replicas = replicas;
  else if (existing.num_replicas > replicas) {
    conflicts.push(
      `stream ${name} has ${existing.num_replicas} replicas and NATS_STREAM_REPLICAS asks for ${replicas}: kept at ${existing.num_replicas} (scale it down with the nats CLI if that is meant, or set NATS_STREAM_REPLICAS=${existing.num_replicas})`,
    );
  }
  if (wanted.storage !== undefined && existing.storage !== wanted.storage) {
    conflicts.push(
      `stream ${name} uses ${existing.storage} storage and NATS_STREAM_STORAGE asks for ${wanted.storage}: JetStream cannot change it in place; kept (set NATS_STREAM_STORAGE=${existing.storage}, or back up and recreate the stream)`,
    );
  }
  if (wanted.retention !== undefined && existing.retention !== wanted.retention) {
    conflicts.push(
      `stream ${name} has retention ${existing.retention} where Herald needs ${wanted.retention}: JetStream cannot change it in place; recreate the stream (it was not created by Herald)`,
    );
  }
  const wantedTags = wanted.placement?.tags ?? [];
  if (wantedTags.length > 0 && !sameTags(existing.placement?.tags, wantedTags)) {
    conflicts.push(
      `stream ${name} is placed by tags [${existing.placement?.tags?.join(",") ?? ""}] and NATS_STREAM_TAGS asks for [${wantedTags.join(",")}]: kept (move it with the nats CLI, or change NATS_STREAM_TAGS)`,
    );
  }
  return { update: Object.keys(update).length > 0 ? update : undefined, conflicts };
}
