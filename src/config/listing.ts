// The rows `optlab list` prints: every kind of a section with its parameters, types and defaults.
import { builtinCatalog } from './catalog.js';
import type { KindSpec, ParamSpec, ParamValue } from './catalogTypes.js';
import { showDefault, typeLabel } from './describe.js';

/** What `optlab list` can show: the four kinded sections, plus the `train` and `metrics` blocks and the top-level keys. */
export type ListSection = 'optimizers' | 'models' | 'datasets' | 'schedules' | 'train' | 'metrics' | 'experiment';

export const LIST_SECTIONS: readonly ListSection[] = ['datasets', 'models', 'optimizers', 'schedules', 'train', 'metrics', 'experiment'];

export interface ParamRow {
  name: string;
  /** Short type, e.g. `number > 0`, `integer >= 1 | "full"`, `zeros | normal`. */
  type: string;
  /** The default value; undefined when the parameter is required or derived from other fields. */
  default?: ParamValue;
  /** The default as text: the value in YAML flow style, `required`, how it is derived, or what its absence means. */
  defaultText: string;
  /** Where the default comes from (e.g. "torch.optim.RMSprop"), when the catalog says. */
  defaultFrom?: string;
  doc: string;
}

export interface KindRow {
  kind: string;
  doc: string;
  params: ParamRow[];
}

function paramRows(params: Record<string, ParamSpec>): ParamRow[] {
  return Object.entries(params).map(([name, spec]) => ({
    name,
    type: typeLabel(spec.type),
    default: spec.default,
    defaultText: showDefault(spec),
    defaultFrom: spec.defaultFrom,
    doc: spec.doc,
  }));
}

function kindRows(kinds: readonly KindSpec[]): KindRow[] {
  return kinds.map((k) => ({ kind: k.kind, doc: k.doc, params: paramRows(k.params) }));
}

/** Every kind of `section` with its parameters, in catalog order. */
export function catalogListing(section: ListSection): KindRow[] {
  switch (section) {
    case 'datasets':
      return kindRows(builtinCatalog.data.kinds);
    case 'models':
      return kindRows(builtinCatalog.model.kinds);
    case 'optimizers':
      return kindRows(builtinCatalog.optimizer.kinds);
    case 'schedules':
      return kindRows(builtinCatalog.schedule.kinds);
    case 'train':
      return [{ kind: 'train', doc: 'the training loop, shared by every arm', params: paramRows(builtinCatalog.train) }];
    case 'metrics':
      // One row per metric family, listing the fields of its mapping.
      return Object.entries(builtinCatalog.metrics).map(([name, spec]) => ({
        kind: name,
        doc: `${spec.doc} (default ${showDefault(spec)})`,
        params: spec.type.type === 'fields' ? paramRows(spec.type.fields) : [],
      }));
    case 'experiment':
      return [
        {
          kind: 'experiment',
          doc: 'top-level keys (besides data, model, train, metrics, optimizers, grid, zip)',
          params: paramRows(builtinCatalog.experiment),
        },
      ];
  }
}
