import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from "@nats-io/transport-node";

/** How long a publish waits for its PubAck (js.publish's default). */
const ACK_TIMEOUT_MS = 5_000;
const SWEEP_MS = 1_000;

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
  sentAt: number;
}

/**
 * JetStream publishes whose PubAcks all come back to one subscription. `js.publish` makes
 * each publish a request of its own: an inbox entry, a timer, and (nats.js 3) an Error built
 * with its stack trace every time one settles, 2.5 % of a worker handing failed first
 * attempts over as retries. Here a publish costs a map entry, and one timer fails those left
 * unanswered too long (after ACK_TIMEOUT_MS, at most a sweep later).
 */
export class AckedPublisher {
  private readonly prefix = `${createInbox()}.`;
  private readonly waiting = new Map<string, Waiter>();
  private next = 0;
  private readonly sub: Subscription;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = ACK_TIMEOUT_MS,
  ) {
    this.sub = nc.subscribe(`${this.prefix}*`, {
      callback: (err, msg) => {
        if (!err) this.settle(msg);
      },
    });
    this.sweeper = setInterval(() => this.expire(), SWEEP_MS);
    this.sweeper.unref();
  }

  /** Resolves once the stream has stored the message, or had it already (same `msgID` within its duplicate window). */
  publish(subject: string, data: Uint8Array, headers: MsgHdrs, msgID: string): Promise<void> {
    headers.set("Nats-Msg-Id", msgID);
    const token = (this.next++).toString(36);
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(token, { resolve, reject, sentAt: Date.now() });
      try {
        this.nc.publish(subject, data, { reply: this.prefix + token, headers });
      } catch (err) {
        this.waiting.delete(token);
        reject(err as Error);
      }
    });
  }

  private settle(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length);
    const waiter = this.waiting.get(token);
    if (!waiter) return;
    this.waiting.delete(token);
    // A status reply (503) means no stream takes the subject.
    if (msg.headers?.hasError) {
      waiter.reject(new Error(`JetStream did not store the message: ${msg.headers.code} ${msg.headers.description}`));
      return;
    }
    let ack: { error?: { description?: string } };
    try {
      ack = msg.json();
    } catch {
      waiter.reject(new Error("JetStream answered the publish with something other than a PubAck"));
      return;
    }
    if (ack.error) waiter.reject(new Error(`JetStream refused the message: ${ack.error.description}`));
    else waiter.resolve();
  }

  private expire(): void {
    const due = Date.now() - this.timeoutMs;
    // Oldest first: a Map iterates in insertion order.
    for (const [token, waiter] of this.waiting) {
      if (waiter.sentAt > due) break;
      this.waiting.delete(token);
      waiter.reject(new Error(`no PubAck within ${this.timeoutMs} ms`));
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sub.unsubscribe();
    for (const waiter of this.waiting.values()) waiter.reject(new Error("publisher closed"));
    this.waiting.clear();
  }
}
