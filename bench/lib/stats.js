// Summaries of repeated timings: the benchmark reports the median of its repetitions (robust to the odd
// slow repetition that another process on the machine causes) and keeps every value in its JSON.

/** The median of some numbers (the mean of the two middle values for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, extremes and every value of repeated measurements. */
export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}

/** A number with about three significant digits, for the table. */
export function formatted(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}
