// A cache of results computed from a dataset and one number (a ridge λ): every cohort and run on the same data asks
// for the same closed form, an SVD of the design each time otherwise. Held weakly: a dataset no longer in use takes
// its entries with it. Callers treat the cached values as read-only.

/** `compute(data, key)` remembered per (data, key). */
export function perDatasetCache<D extends object, V>(compute: (data: D, key: number) => V): (data: D, key: number) => V {
  const cache = new WeakMap<D, Map<number, V>>();
  return (data, key) => {
    const byKey = cache.get(data) ?? new Map<number, V>();
    cache.set(data, byKey);
    if (!byKey.has(key)) byKey.set(key, compute(data, key));
    return byKey.get(key)!;
  };
}
