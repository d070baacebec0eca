// The YAML a config may not use, found in the parsed document before it becomes JavaScript values:
// a config is plain data, so tags, keys that reach an object's prototype, aliases that loop or name
// nothing, malformed merges, collection keys and deep nesting are refused at their position.
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { RESERVED_KEYS, type Path } from './paths.js';

/** A problem in the document, at a character offset of its text and the field path that leads there. */
export interface YamlProblem {
  offset: number;
  path: Path;
  message: string;
}

/** Nesting deeper than this is refused: the example configs are at most 4 levels deep, a warmup nested in warmups a few more. */
export const MAX_YAML_DEPTH = 32;

/** Lists longer than this are refused: MAX_RUNS (100,000) runs already come from a few short sweep lists. */
export const MAX_YAML_LIST_ITEMS = 10_000;

/** Where a node starts in the text (its tag or anchor may come just before it). */
function offsetOf(node: { range?: [number, number, number] | null }, fallback: number): number {
  return node.range?.[0] ?? fallback;
}

/** The value a merge (`<<: *base`) takes from: a mapping, an alias of one, or a list of those. */
function isMergeSource(value: unknown, doc: Document): boolean {
  if (isMap(value)) return true;
  if (isAlias(value)) return isMap(value.resolve(doc));
  return isSeq(value) && value.items.length > 0 && value.items.every((item) => isMergeSource(item, doc) && !isSeq(item));
}

/**
 * Characters YAML does not allow in a stream (YAML 1.2 §5.1: control characters other than tab and line
 * breaks, a byte-order mark after the start), and U+FFFD, which decoding puts where the bytes were not UTF-8.
 * The parser lets some through, into values where they are invisible.
 */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF\uFFFD]|(?<!^)\uFEFF/;

/** The first character of `text` that YAML does not allow, or undefined. */
export function forbiddenCharacter(text: string): YamlProblem | undefined {
  const match = FORBIDDEN_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const message =
    code === 0xfffd
      ? 'bytes that are not UTF-8 text: save the file as UTF-8'
      : `a character YAML does not allow (${name}, invisible): delete it`;
  return { offset: match.index, path: [], message };
}

/** Every problem of the document, in the order met. */
export function yamlProblems(doc: Document): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const visit = (node: Node, path: Path, at: number): void => {
    const offset = offsetOf(node, at);
    if (path.length > MAX_YAML_DEPTH) {
      problems.push({ offset, path, message: `expected at most ${MAX_YAML_DEPTH} levels of nesting, got more: a config is a few levels deep` });
      return;
    }
    if (node.tag !== undefined && !isAlias(node)) {
      problems.push({ offset, path, message: `YAML tags are not supported (found ${node.tag.replace('tag:yaml.org,2002:', '!!')}): write the plain value without the tag` });
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) {
        problems.push({ offset, path, message: `alias *${node.source} names no anchor: define &${node.source} on a value before using *${node.source}` });
      } else if (target.range && node.range && target.range[0] <= node.range[0] && node.range[1] <= target.range[1]) {
        problems.push({ offset, path, message: `alias *${node.source} is inside the value it names (&${node.source}), which would make it endless` });
      }
      return;
    }
    if (!isCollection(node)) return;
    if (isSeq(node) && node.items.length > MAX_YAML_LIST_ITEMS) {
      problems.push({ offset, path, message: `expected a list of at most ${MAX_YAML_LIST_ITEMS} items, got ${node.items.length}: sweep a few values per axis` });
      return;
    }
    node.items.forEach((item, index) => {
      if (!isPair(item)) {
        if (isNode(item)) visit(item, [...path, index], offset);
        return;
      }
      const key = item.key;
      const keyOffset = isNode(key) ? offsetOf(key, offset) : offset;
      const isMergeKey = isScalar(key) && typeof key.value === 'symbol';
      const child = [...path, isMergeKey ? '<<' : isScalar(key) ? String(key.value) : ''];
      if (isMergeKey) {
        if (!isMergeSource(item.value, doc)) {
          problems.push({ offset: keyOffset, path: child, message: 'expected a mapping, an alias of one (<<: *base) or a list of them after the merge key <<' });
        }
      } else if (isNode(key) && !isScalar(key)) {
        problems.push({ offset: keyOffset, path, message: 'expected a plain key (a word), got a list or mapping used as a key' });
        return;
      } else if (isScalar(key) && RESERVED_KEYS.includes(String(key.value))) {
        problems.push({ offset: keyOffset, path: child, message: `the key "${String(key.value)}" is not allowed: it names a JavaScript object's internals, not a config field` });
        return;
      } else if (isNode(key) && key.tag !== undefined) {
        visit(key, child, keyOffset);
      }
      if (isNode(item.value)) visit(item.value, child, keyOffset);
    });
  };
  if (isNode(doc.contents)) visit(doc.contents, [], 0);
  return problems;
}
