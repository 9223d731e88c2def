// Watches a Herald while an attack runs: how fast /healthz answers and where memory settles.

export interface Responsiveness {
  /** Median /healthz latency in ms over the probes taken while the attack ran. */
  medianMs: number;
  probes: number;
}

/** Probes `/healthz` every `everyMs` until `attack` settles; the attack's outcome is returned beside the probes' median. */
export async function probeWhile<T>(port: number, attack: Promise<T>, everyMs = 50): Promise<{ result: T; health: Responsiveness }> {
  const samples: number[] = [];
  let done = false;
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.text());
      samples.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  try {
    const result = await attack;
    return { result, health: { medianMs: median(samples), probes: samples.length } };
  } finally {
    done = true;
    await probing;
  }
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** RSS of this process (in-process Herald) after a collection, when `--expose-gc` allows one, in MB. */
export async function settledRssMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  return process.memoryUsage().rss / 1_048_576;
}

/** POSTs a raw GraphQL body with a token; the parsed JSON answer and the HTTP status. */
export async function postGraphQL(port: number, token: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** `clients` callers, each sending `times` requests one after another; every answer, in one list. */
export async function fromClients<T>(clients: number, times: number, send: () => Promise<T>): Promise<T[]> {
  const perClient = await Promise.all(
    Array.from({ length: clients }, async () => {
      const answers: T[] = [];
      for (let i = 0; i < times; i++) answers.push(await send());
      return answers;
    }),
  );
  return perClient.flat();
}
