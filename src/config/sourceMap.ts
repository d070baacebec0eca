// Where each field of a config came from: its YAML position (value and key), or the `--set`
// override that replaced it, looked up by field path.
import { isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from '../lib/errors.js';
import { isPrefix, pathKey, type Path } from './paths.js';

interface Entry {
  path: Path;
  value: SourceLocation;
  /** The key's position, for fields of a mapping. */
  key?: SourceLocation;
}

export class SourceMap {
  private readonly entries = new Map<string, Entry>();

  /** @param file the config file as the user named it */
  constructor(readonly file: string) {}

  /** The positions of every value and key of a parsed YAML document. */
  static fromDocument(file: string, doc: Document, lineCounter: LineCounter): SourceMap {
    const map = new SourceMap(file);
    const at = (offset: number): SourceLocation => ({ file, ...lineCounter.linePos(offset) });
    const visit = (node: Node, path: Path, key?: SourceLocation): void => {
      const start = node.range?.[0];
      map.entries.set(pathKey(path), { path, value: start === undefined ? (key ?? { file }) : at(start), key });
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isScalar(pair.key)) continue;
          const keyLocation = pair.key.range ? at(pair.key.range[0]) : undefined;
          const child = [...path, String(pair.key.value)];
          if (isNode(pair.value)) {
            visit(pair.value, child, keyLocation);
          } else {
            map.entries.set(pathKey(child), { path: child, value: keyLocation ?? { file }, key: keyLocation });
          }
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => {
          if (isNode(item)) visit(item, [...path, index]);
        });
      }
    };
    if (doc.contents) visit(doc.contents, []);
    else map.entries.set(pathKey([]), { path: [], value: { file, line: 1, col: 1 } });
    return map;
  }

  /** Where the value at `path` was written, or the nearest enclosing value that was. */
  valueAt(path: Path): SourceLocation {
    for (let length = path.length; length >= 0; length--) {
      const entry = this.entries.get(pathKey(path.slice(0, length)));
      if (entry) return entry.value;
    }
    return { file: this.file };
  }

  /** Where the key of the field at `path` was written (the value's place when it has no key). */
  keyAt(path: Path): SourceLocation {
    return this.entries.get(pathKey(path))?.key ?? this.valueAt(path);
  }

  /** Records that the field at `path`, and everything under it, now comes from `location`. */
  replace(path: Path, location: SourceLocation): void {
    for (const [key, entry] of this.entries) {
      if (isPrefix(path, entry.path)) this.entries.delete(key);
    }
    this.entries.set(pathKey(path), { path, value: location, key: location });
  }
}
