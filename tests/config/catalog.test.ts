// The catalog is consistent: every default is a valid value of its own type, every kind and
// parameter is documented, and each section's default kind exists.
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/config/catalog.js';
import type { ParamSpec } from '../../src/config/catalogTypes.js';
import { configSchemas } from '../../src/config/schema.js';

const sections = [builtinCatalog.data, builtinCatalog.model, builtinCatalog.optimizer, builtinCatalog.schedule];
const allParams: [string, ParamSpec][] = [
  ...Object.entries(builtinCatalog.experiment).map(([k, s]): [string, ParamSpec] => [`experiment.${k}`, s]),
  ...Object.entries(builtinCatalog.train).map(([k, s]): [string, ParamSpec] => [`train.${k}`, s]),
  ...Object.entries(builtinCatalog.metrics).flatMap(([k, s]): [string, ParamSpec][] => [
    [`metrics.${k}`, s],
    ...(s.type.type === 'fields' ? Object.entries(s.type.fields).map(([f, fs]): [string, ParamSpec] => [`metrics.${k}.${f}`, fs]) : []),
  ]),
  ...sections.flatMap((section) =>
    section.kinds.flatMap((kind) => Object.entries(kind.params).map(([k, s]): [string, ParamSpec] => [`${section.name}.${kind.kind}.${k}`, s])),
  ),
];

describe('builtin catalog', () => {
  it('has defaults that its own schemas accept', () => {
    for (const [name, spec] of allParams) {
      if (spec.default === undefined) continue;
      expect(configSchemas().type(spec.type).safeParse(spec.default).success, name).toBe(true);
    }
  });

  it('documents every kind and parameter', () => {
    for (const section of sections) for (const kind of section.kinds) expect(kind.doc, kind.kind).not.toBe('');
    for (const [name, spec] of allParams) expect(spec.doc, name).not.toBe('');
  });

  it('names existing default kinds, and unique kinds per section', () => {
    for (const section of sections) {
      const kinds = section.kinds.map((k) => k.kind);
      expect(new Set(kinds).size).toBe(kinds.length);
      if (section.defaultKind !== undefined) expect(kinds).toContain(section.defaultKind);
    }
  });

  it('rejects values outside the documented ranges', () => {
    const schemas = configSchemas();
    const param = (section: typeof builtinCatalog.optimizer, kind: string, name: string) =>
      schemas.type(section.kinds.find((k) => k.kind === kind)!.params[name].type);
    // lr = 0 is a control run (torch.optim accepts it); only a negative lr is refused.
    expect(param(builtinCatalog.optimizer, 'adam', 'lr').safeParse(0).success).toBe(true);
    expect(param(builtinCatalog.optimizer, 'adam', 'lr').safeParse(-1e-9).success).toBe(false);
    expect(param(builtinCatalog.optimizer, 'adam', 'beta1').safeParse(0.999).success).toBe(true);
    expect(param(builtinCatalog.optimizer, 'adam', 'beta1').safeParse(1).success).toBe(false);
    expect(param(builtinCatalog.optimizer, 'momentum', 'momentum').safeParse(0).success).toBe(true);
    expect(schemas.type(builtinCatalog.train.batch_size.type).safeParse('full').success).toBe(true);
    expect(schemas.type(builtinCatalog.train.batch_size.type).safeParse(2.5).success).toBe(false);
    expect(schemas.type(builtinCatalog.experiment.seeds.type).safeParse([0, 2 ** 53]).success).toBe(false);
  });
});
