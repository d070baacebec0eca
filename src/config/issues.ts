// Zod issues as field problems: the schema's "expected ..., got ..." message, one problem per
// unknown key, and a "did you mean" for misspelt keys, kinds and words.
import type * as z from 'zod';
import { builtinCatalog } from './catalog.js';
import { nodeAt, paramsOf, type CatalogNode } from './catalogWalk.js';
import type { ParamType, SectionSpec } from './catalogTypes.js';
import type { FieldProblem } from './problems.js';
import { getAt, type Path } from './paths.js';
import { didYouMean } from './suggest.js';

/** The words a value at `node` may be, for suggesting one to a misspelt string. */
function wordsAt(node: CatalogNode | undefined): readonly string[] {
  if (!node) return [];
  if (node.node === 'kind') return node.section.kinds.map((k) => k.kind);
  if (node.type.type === 'enum') return node.type.values;
  if (node.type.type === 'number') return node.type.words ?? [];
  return [];
}

/** Where else a key belongs, e.g. `"momentum" is a parameter of optimizer kinds momentum, nesterov`. */
function otherKindsWith(key: string, section: SectionSpec): string | undefined {
  const kinds = section.kinds.filter((k) => Object.hasOwn(k.params, key)).map((k) => k.kind);
  if (kinds.length === 0) return undefined;
  return `"${key}" is a parameter of ${section.noun} kind${kinds.length > 1 ? 's' : ''} ${kinds.join(', ')}`;
}

function unknownKeyProblems(keys: readonly string[], path: Path, type: ParamType, raw: unknown): FieldProblem[] {
  const node = nodeAt(type, raw, path);
  const mappingType = node?.node === 'value' ? node.type : undefined;
  const params = mappingType ? paramsOf(mappingType, getAt(raw, path)) : undefined;
  const section = mappingType?.type === 'section' ? builtinCatalog[mappingType.section] : undefined;
  const allowed = [...(section ? ['kind'] : []), ...Object.keys(params ?? {})];
  return keys.map((key) => ({
    path: [...path, key],
    atKey: true,
    message: `unknown key "${key}": expected one of ${allowed.join(', ')}`,
    hint: didYouMean(key, allowed) ?? (section ? otherKindsWith(key, section) : undefined),
  }));
}

/**
 * The problems of a failed parse of `raw` (a value of `type`), with paths prefixed by `base`
 * (where `raw` sits in the document).
 */
export function zodProblems(error: z.ZodError, type: ParamType, raw: unknown, base: Path = []): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      return unknownKeyProblems(issue.keys, path, type, raw).map((p) => ({ ...p, path: [...base, ...p.path] }));
    }
    const value = getAt(raw, path);
    const hint = typeof value === 'string' ? didYouMean(value, wordsAt(nodeAt(type, raw, path))) : undefined;
    return [{ path: [...base, ...path], message: issue.message, ...(hint ? { hint } : {}) }];
  });
}
