/**
 * Collects the keys a request asks for during one execution step and loads them with a
 * single call, so a list of N parents costs one query rather than N. Scoped to one
 * request: results are never shared between callers.
 */
export function requestBatcher<Ctx extends object, V>(load: (ctx: Ctx, keys: readonly string[]) => Promise<Map<string, V>>) {
  const perRequest = new WeakMap<Ctx, (key: string) => Promise<V>>();
  return (ctx: Ctx, key: string): Promise<V> => {
    let get = perRequest.get(ctx);
    if (!get) {
      let queue: { key: string; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
      get = (k) =>
        new Promise<V>((resolve, reject) => {
          if (queue.length === 0) {
            // After the current microtasks, by which time sibling resolvers have queued their keys.
            setImmediate(() => {
              const batch = queue;
              queue = [];
              load(ctx, [...new Set(batch.map((b) => b.key))]).then(
                (values) => batch.forEach((b) => b.resolve(values.get(b.key)!)),
                (err: unknown) => batch.forEach((b) => b.reject(err)),
              );
            });
          }
          queue.push({ key: k, resolve, reject });
        });
      perRequest.set(ctx, get);
    }
    return get(key);
  };
}
