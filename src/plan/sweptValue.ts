// The value of a swept field as a summary column shows it: scalars and number lists as they are,
// anything structured (a schedule) as a compact label such as `warmup(steps=100, then=cosine(min_factor=0))`.
import { isPlainObject } from '../config/paths.js';
import type { SweptValue } from './types.js';

function label(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(label).join(', ')}]`;
  if (isPlainObject(value)) {
    const { kind, ...params } = value;
    const inner = Object.entries(params).map(([k, v]) => `${k}=${label(v)}`).join(', ');
    if (kind === undefined) return `(${inner})`;
    return inner === '' ? String(kind) : `${String(kind)}(${inner})`;
  }
  return String(value);
}

export function toSweptValue(value: unknown): SweptValue {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  return label(value);
}
