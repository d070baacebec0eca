// Reading a config file: its YAML as plain values, with the position of every field kept for messages.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { ConfigError, formatProblem, type ConfigProblem, type SourceLocation } from '../lib/errors.js';
import { unreadableReason } from './fileAccess.js';
import { formatPath } from './paths.js';
import { SourceMap } from './sourceMap.js';
import { forbiddenCharacter, yamlProblems } from './yamlChecks.js';

/** What messages and a plan's sources call a config passed as an object: it has no file, line or column. */
export const CONFIG_OBJECT = '<config object>';

export interface ConfigSource {
  /** The file as the user named it (CONFIG_OBJECT for an object). */
  file: string;
  /** Absolute folder of the file: relative paths inside it resolve against this. */
  baseDir: string;
  /** The document as plain JavaScript values (mappings, lists, scalars). */
  tree: unknown;
  locations: SourceMap;
}

/** A YAML parse error in words a user can act on (the parser's own words when they already are). */
function syntaxMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') {
    return 'expected one YAML document, found a second after "---": put each experiment in its own config file';
  }
  if (error.code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(error.message)) return 'the YAML nests too deeply to read: a config is a few levels deep';
  return `YAML syntax error: ${error.message}`;
}

/** Where the first alias (`*name`) is written: the likely start of an alias bomb. */
function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * A config built in code, as the tree a YAML file would give: copied (the caller's object is never changed), with
 * no positions, so its problems name CONFIG_OBJECT and the field path. Relative paths in it resolve against `baseDir`.
 */
export function configObjectSource(config: object, baseDir: string): ConfigSource {
  let tree: unknown;
  try {
    tree = structuredClone(config);
  } catch (error) {
    const what = error instanceof Error ? error.message : String(error);
    throw new ConfigError([
      { location: { file: CONFIG_OBJECT }, path: '', message: `expected plain data (mappings, lists, numbers, text, booleans): ${what}` },
    ]);
  }
  return { file: CONFIG_OBJECT, baseDir: resolve(baseDir), tree, locations: new SourceMap(CONFIG_OBJECT) };
}

/**
 * Config files larger than this are refused before they are parsed: the example configs are a few KiB, and
 * the YAML parser holds ~300 bytes of heap per byte of text (measured: a 50 MB list exhausted the heap), so
 * 256 KiB keeps a parse under ~80 MB.
 */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** Reads and parses `file`; a missing file, a YAML syntax error or YAML a config may not use is a ConfigError with its position. */
export function readConfigSource(file: string): ConfigSource {
  const reason = unreadableReason(file);
  if (reason) {
    throw new ConfigError([{ location: { file }, path: '', message: `cannot read the config file: ${reason}` }]);
  }
  const bytes = statSync(file).size;
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ConfigError([
      {
        location: { file },
        path: '',
        message: `expected a config file of at most ${MAX_CONFIG_BYTES / 1024} KiB, got ${Math.ceil(bytes / 1024)} KiB: a config is a few KiB; sweep with grid: lists, not written-out runs`,
      },
    ]);
  }
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): SourceLocation => (offset === undefined ? { file } : { file, ...lineCounter.linePos(offset) });
  const text = readFileSync(file, 'utf8');
  // `merge` lets arms share settings through anchors: `- <<: *adam_base` then what differs.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  const character = forbiddenCharacter(text);
  if (character) throw new ConfigError([{ location: at(character.offset), path: '', message: character.message }]);
  if (doc.errors.length > 0) {
    const problems: ConfigProblem[] = doc.errors.map((error) => ({ location: at(error.pos[0]), path: '', message: syntaxMessage(error) }));
    throw new ConfigError([...new Map(problems.map((p) => [formatProblem(p), p])).values()]);
  }
  const refused = yamlProblems(doc);
  if (refused.length > 0) throw new ConfigError(refused.map((p) => ({ location: at(p.offset), path: formatPath(p.path), message: p.message })));
  let tree: unknown;
  try {
    tree = doc.toJS();
  } catch {
    // toJS refuses documents whose aliases expand without bound (a "billion laughs" file); every other
    // reason it could fail (unknown aliases, loops, bad merges) was refused above.
    throw new ConfigError([
      { location: at(firstAliasOffset(doc)), path: '', message: 'aliases (*name) here expand to too many values: write the values out, or alias fewer aliases' },
    ]);
  }
  return { file, baseDir: dirname(resolve(file)), tree, locations: SourceMap.fromDocument(file, doc, lineCounter) };
}
