// Reading a config file: its YAML as plain values, with the position of every field kept for messages.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../lib/errors.js';
import { unreadableReason } from './fileAccess.js';
import { SourceMap } from './sourceMap.js';

export interface ConfigSource {
  /** The file as the user named it. */
  file: string;
  /** Absolute folder of the file: relative paths inside it resolve against this. */
  baseDir: string;
  /** The document as plain JavaScript values (mappings, lists, scalars). */
  tree: unknown;
  locations: SourceMap;
}

/** Reads and parses `file`; a missing file or a YAML syntax error is a ConfigError with its position. */
export function readConfigSource(file: string): ConfigSource {
  const reason = unreadableReason(file);
  if (reason) {
    throw new ConfigError([{ location: { file }, path: '', message: `cannot read the config file: ${reason}` }]);
  }
  const lineCounter = new LineCounter();
  // `merge` lets arms share settings through anchors: `- <<: *adam_base` then what differs.
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => ({
        location: { file, ...lineCounter.linePos(error.pos[0]) },
        path: '',
        message: `YAML syntax error: ${error.message}`,
      })),
    );
  }
  let tree: unknown;
  try {
    tree = doc.toJS();
  } catch (error) {
    // toJS refuses documents that expand aliases without bound (a "billion laughs" file).
    throw new ConfigError([{ location: { file }, path: '', message: `cannot read the YAML: ${(error as Error).message}` }]);
  }
  return { file, baseDir: dirname(resolve(file)), tree, locations: SourceMap.fromDocument(file, doc, lineCounter) };
}
