import type { TestReceiver } from "./receiver.ts";

export interface Tally {
  sent: number;
  delivered: number;
  duplicates: number;
  lost: number;
}

/**
 * Counts, per endpoint path, which of `ids` arrived (by `webhook-id`): `sent` is every
 * (event, endpoint) pair, `delivered` the pairs seen at least once, `duplicates` the extra
 * receipts, `lost` the pairs never seen.
 */
export function tallyReceipts(receiver: TestReceiver, paths: readonly string[], ids: readonly string[]): Tally {
  let delivered = 0;
  let duplicates = 0;
  for (const path of paths) {
    const counts = new Map<string, number>();
    for (const r of receiver.on(path)) {
      const id = String(r.headers["webhook-id"]);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of ids) {
      const c = counts.get(id) ?? 0;
      if (c > 0) {
        delivered++;
        duplicates += c - 1;
      }
    }
  }
  const sent = ids.length * paths.length;
  return { sent, delivered, duplicates, lost: sent - delivered };
}

/** The one-line report every fault test prints: what was injected and what was counted. */
export function printTally(fault: string, tally: Tally): void {
  console.log(`[fault] ${fault} | sent=${tally.sent} delivered=${tally.delivered} duplicates=${tally.duplicates} lost=${tally.lost}`);
}
