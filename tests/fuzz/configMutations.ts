// Fuzz helper: random damage to a valid config, as fast-check arbitraries. Tree mutations change the
// parsed values (wrong types, hostile numbers and strings, unknown or deleted keys, deep nesting) and
// are written back as YAML; text mutations damage the file itself (syntax, tags, aliases, merges, bytes).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';

/** The example configs the mutations start from, by file name. */
export const VALID_CONFIGS: Record<string, string> = Object.fromEntries(
  readdirSync('configs')
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => [name, readFileSync(join('configs', name), 'utf8')]),
);

/** Values that break a type, a range or a parser's assumptions. */
const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null, true, false, 0, -0, -1, 0.5, -0.5, 1e-320, 1e21, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308,
    Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
    '', ' ', 'full', 'auto', 'NaN', '.inf', '0x10', '1e3', 'ten', 'sgd', 'mlp', 'csv', 'relu', 'adamm',
    '../../escape', '/etc/passwd', 'C:\\Windows', 'CON', 'nul.txt', 'a\u0000b', '\u202egnp.exe', '😀', 'é', '\t\r\n',
    'x'.repeat(100_000),
  ),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** A hostile value: a scalar, a short list or mapping of them, or a nest deeper than any config. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), hostileScalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 60 }).map((depth) => nest(depth)) },
);

function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** Keys a mutation adds: misspellings, other kinds' parameters, and keys that reach an object's internals. */
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'kind', 'lr', 'lrr', 'name', 'steps',
    'momentum', 'hidden', 'width', 'ntk', 'seed', 'seeds', 'grid', 'zip', 'optimizers', 'train.steps', 'optimizers[0].lr', ''),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

export type TreeMutation =
  | { op: 'set'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'addKey'; at: number; key: string; value: unknown }
  | { op: 'sweep'; at: number; count: number };

export const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('addKey' as const), at: fc.nat(), key: hostileKey, value: hostileValue }),
  fc.record({ op: fc.constant('sweep' as const), at: fc.nat(), count: fc.integer({ min: 0, max: 4 }) }),
);

type Container = Record<string, unknown> | unknown[];

/** Every (container, key) pair of the tree, root first: where a value can be replaced or deleted. */
function slots(tree: unknown): { parent: Container; key: string | number }[] {
  const found: { parent: Container; key: string | number }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        found.push({ parent: value, key: index });
        visit(item);
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        found.push({ parent: value as Record<string, unknown>, key });
        visit(item);
      }
    }
  };
  visit(tree);
  return found;
}

/** Mappings of the tree, root first: where a key can be added. */
function mappings(tree: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      found.push(value as Record<string, unknown>);
      Object.values(value).forEach(visit);
    }
  };
  visit(tree);
  return found;
}

/** Sets an own property, even `__proto__` (plain assignment would change the object's prototype instead). */
function setOwn(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies the mutations to a copy of `tree`. */
export function mutateTree(tree: unknown, mutations: readonly TreeMutation[]): unknown {
  const root = { doc: structuredClone(tree) };
  for (const mutation of mutations) {
    if (mutation.op === 'addKey') {
      const targets = mappings(root.doc);
      if (targets.length > 0) setOwn(targets[mutation.at % targets.length], mutation.key, mutation.value);
      continue;
    }
    const all = slots(root);
    // Deleting the whole document leaves nothing to change.
    if (all.length === 0) continue;
    const { parent, key } = all[mutation.at % all.length];
    const current = (parent as Record<string | number, unknown>)[key];
    if (mutation.op === 'set') setOwn(parent, key, mutation.value);
    else if (mutation.op === 'sweep') setOwn(parent, key, Array.from({ length: mutation.count }, () => current));
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  }
  return root.doc;
}

/** What may precede a value: tags (a config is plain data), anchors and aliases. */
const valuePrefixes = fc.constantFrom(
  '!foo ', '!!js/function ', '!!python/object/apply:os.system ', '!!binary ', '!!set ', '!!omap ', '!!str ',
  '!!int ', '!!float ', '!!timestamp ', '!<tag:yaml.org,2002:js/regexp> ', '&a ', '*a #', '*nope #', '&s [*s] #',
);

/** Top-level entries that use YAML's less common features. */
const topLevelSnippets = fc.constantFrom(
  'a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
  'self: &s [*s]\n',
  'loop: &m { inner: *m }\n',
  'seeds: *nope\n',
  '__proto__: { polluted: 1 }\n',
  'constructor: { prototype: { polluted: 1 } }\n',
  'merged: { <<: 5 }\n',
  'merged: { <<: [*x] }\n',
  '? [a, b]\n: 1\n',
  '---\nname: second\n',
  '%YAML 1.1\n---\n',
  `deep: ${'['.repeat(2000)}${']'.repeat(2000)}\n`,
  `deep: ${'{a: '.repeat(40)}1${'}'.repeat(40)}\n`,
);

/** Characters and tokens that damage YAML wherever they land. */
const yamlSnippets = fc.constantFrom(
  '{', '}', '[', ']', '"', "'", ':', ': :', '- ', '#', '|', '>', '&', '*', '!', '<<: ', '? ', '---\n', '...\n',
  '\t', '\r', '\n', '\r\n', '\u0000', '\u0007', '\ufeff', '\u2028', '😀',
);

export type TextMutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'prefixValue'; at: number; text: string }
  | { op: 'topLevel'; text: string }
  | { op: 'remove'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'crlf' }
  | { op: 'bom' };

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(yamlSnippets, fc.string({ unit: 'binary', maxLength: 6 })) }),
  fc.record({ op: fc.constant('prefixValue' as const), at: fc.nat(), text: valuePrefixes }),
  fc.record({ op: fc.constant('topLevel' as const), text: topLevelSnippets }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.constant({ op: 'crlf' as const }),
  fc.constant({ op: 'bom' as const }),
);

/** Applies the mutations to `text`, positions taken modulo its length. */
export function mutateText(text: string, mutations: readonly TextMutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = 'at' in m ? m.at % (out.length + 1) : 0;
    if (m.op === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else if (m.op === 'topLevel') out = m.text + out;
    else if (m.op === 'prefixValue') {
      // After the k-th "key: " of the file: where a value starts.
      const starts = [...out.matchAll(/\w: (?=\S)/g)].map((match) => match.index + match[0].length);
      if (starts.length > 0) {
        const start = starts[m.at % starts.length];
        out = out.slice(0, start) + m.text + out.slice(start);
      }
    }
    else if (m.op === 'remove') out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.op === 'truncate') out = out.slice(0, at);
    else if (m.op === 'crlf') out = out.replace(/\n/g, '\r\n');
    else if (m.op === 'bom') out = `\ufeff${out}`;
    else {
      const lines = out.split('\n');
      const line = m.at % lines.length;
      lines.splice(line, 0, lines[line]);
      out = lines.join('\n');
    }
  }
  return out;
}

/** A damaged config: which valid config it came from and its new text. */
export interface MutatedConfig {
  source: string;
  text: string;
}

/** A valid config with tree damage (written back as YAML) or text damage, or both. */
export const mutatedConfig: fc.Arbitrary<MutatedConfig> = fc
  .record({
    source: fc.constantFrom(...Object.keys(VALID_CONFIGS)),
    tree: fc.array(treeMutation, { maxLength: 3 }),
    text: fc.array(textMutation, { maxLength: 3 }),
  })
  .map(({ source, tree, text }) => {
    const original = VALID_CONFIGS[source];
    const rewritten = tree.length === 0 ? original : (stringify(mutateTree(parse(original), tree), { lineWidth: 0 }) ?? '');
    return { source, text: mutateText(rewritten, text) };
  });
