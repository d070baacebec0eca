// `--set path=value` overrides (Hydra style): parsed from the command line and written into the
// config before expansion; a comma list makes a sweep. Fields they write are located at `--set <text>`.
import { parseDocument } from 'yaml';
import type { ConfigProblem, SourceLocation } from '../lib/errors.js';
import { formatPath, isPlainObject, parsePath, pathKey, RESERVED_KEYS, type Path } from './paths.js';
import type { SourceMap } from './sourceMap.js';
import { forbiddenCharacter, MAX_YAML_DEPTH, yamlProblems } from './yamlChecks.js';

export interface Override {
  /** The argument as given, e.g. `optimizers[0].lr=0.1,0.2`. */
  text: string;
  path: Path;
  value: unknown;
}

export function overrideLocation(text: string): SourceLocation {
  return { file: `--set ${text}` };
}

/** Splits at commas outside brackets, braces and quotes: `[1,2],[3]` -> `[1,2]`, `[3]`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** A YAML scalar or flow collection, or the reason it is not one (the YAML a config file may not use included). */
function parseValue(text: string): { value: unknown } | { error: string } {
  if (text === '') return { error: 'empty value' };
  const doc = parseDocument(text, { prettyErrors: false });
  const problem = forbiddenCharacter(text)?.message ?? doc.errors[0]?.message ?? yamlProblems(doc)[0]?.message;
  if (problem !== undefined) return { error: `cannot use ${JSON.stringify(text)}: ${problem}` };
  try {
    return { value: doc.toJS() };
  } catch {
    return { error: `cannot use ${JSON.stringify(text)}: its aliases (*name) expand to too many values` };
  }
}

/** Parses `path=value`; `a=1,2,3` gives the list [1, 2, 3] (a sweep axis). */
export function parseOverride(text: string): Override | ConfigProblem {
  const location = overrideLocation(text);
  const equals = text.indexOf('=');
  const path = equals > 0 ? parsePath(text.slice(0, equals).trim()) : undefined;
  if (!path) {
    return { location, path: '', message: 'expected path=value, e.g. train.steps=100 or optimizers[0].lr=0.1,0.2' };
  }
  // A config is a few levels deep; a path of thousands of segments would only exhaust the stack further on.
  if (path.length > MAX_YAML_DEPTH) {
    return { location, path: '', message: `expected a path of at most ${MAX_YAML_DEPTH} segments, got ${path.length}: a config is a few levels deep` };
  }
  const reserved = path.find((segment) => typeof segment === 'string' && RESERVED_KEYS.includes(segment));
  if (reserved !== undefined) {
    return { location, path: formatPath(path), message: `the key "${reserved}" is not allowed: it names a JavaScript object's internals, not a config field` };
  }
  const parts = splitTopLevel(text.slice(equals + 1));
  const values: unknown[] = [];
  for (const part of parts) {
    const parsed = parseValue(part);
    if ('error' in parsed) return { location, path: formatPath(path), message: `expected a YAML value after "=": ${parsed.error}` };
    values.push(parsed.value);
  }
  const value = values.length === 1 ? values[0] : values;
  // `seeds` is a list by nature: `seeds=3` means [3], not an error.
  const isSeeds = path.length === 1 && path[0] === 'seeds';
  return { text, path, value: isSeeds && !Array.isArray(value) ? [value] : value };
}

/** Writes one override into `tree`, or says why it cannot be written there. */
function applyOverride(tree: Record<string, unknown>, override: Override, sources: SourceMap): ConfigProblem | undefined {
  const location = overrideLocation(override.text);
  const { path } = override;
  const problem = (message: string): ConfigProblem => ({ location, path: formatPath(path), message });
  let parent: unknown = tree;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const where = formatPath(path.slice(0, i));
    if (typeof segment === 'number') {
      if (!Array.isArray(parent)) return problem(`cannot set ${formatPath(path)}: ${where} is not a list`);
      if (segment >= parent.length) {
        return problem(`expected an index below ${parent.length} (${where} has ${parent.length} entries), got ${segment}`);
      }
    } else if (!isPlainObject(parent)) {
      return problem(`cannot set ${formatPath(path)}: ${where} is not a mapping`);
    }
    const container = parent as Record<string | number, unknown>;
    if (i === path.length - 1) {
      container[segment] = override.value;
      sources.replace(path, location);
    } else {
      if (!Object.hasOwn(container, segment) || container[segment] === undefined) {
        container[segment] = {};
        sources.replace(path.slice(0, i + 1), location);
      }
      parent = container[segment];
    }
  }
  return undefined;
}

/** Keys of a `grid:` or `zip:` mapping that name `path`. */
function axisKeysFor(axes: unknown, path: Path): string[] {
  if (!isPlainObject(axes)) return [];
  return Object.keys(axes).filter((key) => {
    const keyPath = parsePath(key);
    return keyPath !== undefined && pathKey(keyPath) === pathKey(path);
  });
}

/**
 * Applies overrides in order (a later one wins). An override of a field that `grid:` sweeps
 * replaces that grid axis; a field inside a `zip:` cannot be overridden alone.
 */
export function applyOverrides(tree: unknown, overrides: readonly Override[], sources: SourceMap): ConfigProblem[] {
  if (!isPlainObject(tree)) return [];
  const problems: ConfigProblem[] = [];
  for (const override of overrides) {
    if (axisKeysFor(tree.zip, override.path).length > 0) {
      problems.push({
        location: overrideLocation(override.text),
        path: formatPath(override.path),
        message: 'this field is swept by zip: in the config, with its partners; edit the zip there',
      });
      continue;
    }
    for (const key of axisKeysFor(tree.grid, override.path)) delete (tree.grid as Record<string, unknown>)[key];
    const problem = applyOverride(tree, override, sources);
    if (problem) problems.push(problem);
  }
  return problems;
}
