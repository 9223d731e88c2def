import { attemptTopic, deliveryTopic, type AttemptNotice, type DeliveryNotice, type HeraldTopics } from "./topics.ts";

type Topic = keyof HeraldTopics;

/**
 * Queues live notices and sends those queued in one turn of the event loop as one message
 * per topic (organization), in the order they were queued. A busy worker records attempts
 * in batches, so this turns thousands of Redis PUBLISHes a second into a few.
 */
export class Announcer {
  private queued = new Map<Topic, unknown[]>();
  private scheduled = false;

  /** `target` carries the messages: Redis's event target, or an in-process one. */
  constructor(private readonly target: EventTarget) {}

  attempt(notice: AttemptNotice): void {
    this.queue(attemptTopic(notice.organizationId), notice);
  }

  delivery(notice: DeliveryNotice): void {
    this.queue(deliveryTopic(notice.organizationId), notice);
  }

  private queue(topic: Topic, notice: unknown): void {
    const list = this.queued.get(topic);
    if (list) list.push(notice);
    else this.queued.set(topic, [notice]);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends everything queued now (also before the bus closes). */
  flush(): void {
    this.scheduled = false;
    const queued = this.queued;
    this.queued = new Map();
    for (const [topic, notices] of queued) this.target.dispatchEvent(new CustomEvent(topic, { detail: notices }));
  }
}
