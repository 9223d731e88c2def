/**
 * Caps the attempts in flight per endpoint in this process, so an endpoint that hangs
 * until timeout holds at most `cap` of the worker's slots while the rest keep flowing.
 * A bounded number of jobs may wait for a slot; past that, `enter` answers false and the
 * job goes back to JetStream for later.
 */
export class EndpointGate {
  private inFlight = new Map<string, number>();
  private waiting = new Map<string, (() => void)[]>();

  constructor(private cap: number, private maxWaiting: number) {}

  async enter(endpointId: string): Promise<boolean> {
    const n = this.inFlight.get(endpointId) ?? 0;
    if (n < this.cap) {
      this.inFlight.set(endpointId, n + 1);
      return true;
    }
    const queue = this.waiting.get(endpointId) ?? [];
    if (queue.length >= this.maxWaiting) return false;
    this.waiting.set(endpointId, queue);
    // The slot is handed over directly by leave(), so the count stays as it is.
    await new Promise<void>((resolve) => queue.push(resolve));
    return true;
  }

  leave(endpointId: string): void {
    const next = this.waiting.get(endpointId)?.shift();
    if (next) {
      next();
      return;
    }
    if (this.waiting.get(endpointId)?.length === 0) this.waiting.delete(endpointId);
    const n = (this.inFlight.get(endpointId) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(endpointId);
    else this.inFlight.set(endpointId, n);
  }
}
