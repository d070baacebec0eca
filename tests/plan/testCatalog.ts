// A catalog with one test-only model kind whose parameter is itself a list (as `mlp.hidden` will be),
// to exercise list-of-lists sweeps and model restrictions before such kinds exist.
import { builtinCatalog } from '../../src/config/catalog.js';
import type { Catalog } from '../../src/config/catalogTypes.js';

export const catalogWithListModel: Catalog = {
  ...builtinCatalog,
  model: {
    ...builtinCatalog.model,
    kinds: [
      ...builtinCatalog.model.kinds,
      {
        kind: 'widths-test',
        doc: 'test-only model with a list-typed parameter',
        params: {
          hidden: { type: { type: 'list', of: { type: 'number', integer: true, min: 1 }, minLength: 1 }, default: [64], doc: 'layer widths' },
        },
      },
    ],
  },
};
