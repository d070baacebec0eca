// Field paths inside a config: segments (keys and list indexes), their dotted text form
// (`optimizers[1].lr`), and reading values by path.

/** Keys and list indexes from the document root to a field. */
export type Path = readonly (string | number)[];

/**
 * Keys no config may hold: reading or writing them on a JavaScript object reaches its prototype
 * (`tree.__proto__.x = 1` would change every object), so they are refused wherever a key is written.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** A YAML mapping read into JavaScript (not a list, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `['optimizers', 1, 'lr']` -> `optimizers[1].lr`. */
export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    // An empty key (`"": 1` in the YAML) is shown quoted, so that a problem at it still names a field.
    else text += text === '' ? segment || '""' : `.${segment || '""'}`;
  }
  return text;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*/;
const INDEX = /^\[(\d+)\]/;

/** Parses `optimizers[1].lr` or `train.batch_size`; undefined when the text is not such a path. */
export function parsePath(text: string): Path | undefined {
  const path: (string | number)[] = [];
  let rest = text;
  while (true) {
    const key = KEY.exec(rest);
    if (!key) return undefined;
    path.push(key[0]);
    rest = rest.slice(key[0].length);
    for (let index = INDEX.exec(rest); index; index = INDEX.exec(rest)) {
      path.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    }
    if (rest === '') return path;
    if (!rest.startsWith('.')) return undefined;
    rest = rest.slice(1);
  }
}

/** A Map key for a path (distinguishes the key "0" from the index 0). */
export function pathKey(path: Path): string {
  return JSON.stringify(path);
}

export function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

/** The value at `path`, or undefined when some step is missing. */
export function getAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(value) : !isPlainObject(value) || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}
