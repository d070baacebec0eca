// Following a field path through the catalog: which parameter (or kind) a path names, given the raw
// values along it (a section's params depend on the `kind` written there).
import { builtinCatalog, SEED_TYPE } from './catalog.js';
import type { FieldsType, KindSpec, ParamSpec, ParamType, SectionSpec } from './catalogTypes.js';
import { isPlainObject, type Path } from './paths.js';

/** The shape of one run before `name` is added (RunConfig without name): what a run id hashes and a cohort key strips. */
export function runRootType(): FieldsType {
  return {
    type: 'fields',
    fields: {
      seed: { type: SEED_TYPE, perRun: true, doc: 'run seed: initialization and minibatch order' },
      data: { type: { type: 'section', section: 'data' }, doc: builtinCatalog.data.noun },
      model: { type: { type: 'section', section: 'model' }, doc: builtinCatalog.model.noun },
      train: { type: { type: 'fields', fields: builtinCatalog.train }, doc: 'training loop' },
      optimizer: { type: { type: 'section', section: 'optimizer' }, doc: builtinCatalog.optimizer.noun },
      metrics: { type: { type: 'fields', fields: builtinCatalog.metrics }, doc: 'metrics computed during training' },
    },
  };
}

/** The kind a raw section value names (its `kind`, the first of a swept `kind`, else the section's default kind). */
export function kindSpecOf(section: SectionSpec, raw: unknown): KindSpec | undefined {
  const written = isPlainObject(raw) && raw.kind !== undefined ? raw.kind : section.defaultKind;
  // A swept kind ([mlp, linearized]): its other fields are read with the first kind's parameters;
  // each expanded run is then validated against its own kind.
  const kind = Array.isArray(written) ? written[0] : written;
  return section.kinds.find((k) => k.kind === kind);
}

/**
 * The keys a mapping of `type` may hold, given its raw value (undefined for non-mappings or unknown kinds). A swept
 * kind ([mlp, infinite-ntk]) may hold the keys of every kind listed (the first listed kind's spec for a shared key):
 * each expanded run keeps those of its own kind (plan/expand.ts).
 */
export function paramsOf(type: ParamType, raw: unknown): Record<string, ParamSpec> | undefined {
  if (type.type === 'fields') return type.fields;
  if (type.type !== 'section') return undefined;
  const section = builtinCatalog[type.section];
  if (isPlainObject(raw) && Array.isArray(raw.kind)) {
    const listed = raw.kind.map((kind) => section.kinds.find((k) => k.kind === kind));
    if (listed[0] === undefined) return undefined;
    return Object.assign({}, ...[...listed].reverse().map((k) => k?.params ?? {})) as Record<string, ParamSpec>;
  }
  return kindSpecOf(section, raw)?.params;
}

/** The parameter `key` of `params`, never a property every object inherits (`toString`, `constructor`). */
export function ownParam(params: Record<string, ParamSpec> | undefined, key: string): ParamSpec | undefined {
  return params !== undefined && Object.hasOwn(params, key) ? params[key] : undefined;
}

/** What a path names: a value of some type (reached through `spec` when it is a parameter), or a section's kind. */
export type CatalogNode =
  | { node: 'value'; type: ParamType; spec?: ParamSpec }
  | { node: 'kind'; section: SectionSpec };

/** Follows `path` from a value of `type` whose raw content is `raw`; undefined when the path names nothing. */
export function nodeAt(type: ParamType, raw: unknown, path: Path, spec?: ParamSpec): CatalogNode | undefined {
  if (path.length === 0) return { node: 'value', type, spec };
  const [head, ...rest] = path;
  if (type.type === 'list') {
    if (typeof head !== 'number') return undefined;
    return nodeAt(type.of, Array.isArray(raw) ? raw[head] : undefined, rest);
  }
  if (typeof head !== 'string') return undefined;
  if (type.type === 'section' && head === 'kind') {
    return rest.length === 0 ? { node: 'kind', section: builtinCatalog[type.section] } : undefined;
  }
  const child = ownParam(paramsOf(type, raw), head);
  if (!child) return undefined;
  return nodeAt(child.type, isPlainObject(raw) ? raw[head] : undefined, rest, child);
}
