// Stable short hashes of JSON-like values: canonical JSON (object keys sorted) digested by sha256.
import { createHash } from 'node:crypto';

/** Hex characters kept from the sha256 digest: 40 bits, ample to tell apart the runs of any plan. */
export const SHORT_HASH_LENGTH = 10;

/** JSON with every object's keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`cannot hash the non-finite number ${value}`);
  }
  return JSON.stringify(value);
}

/** First `length` hex characters of sha256(canonicalJson(value)). */
export function shortHash(value: unknown, length = SHORT_HASH_LENGTH): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}
