// Run ids: 10 hex characters of sha256 over canonical JSON (sorted keys) of the resolved config
// without its name: stable across key order, defaults written or not, and experiment renames.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, shortHash } from '../../src/lib/hash.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { runId } from '../../src/plan/runId.js';
import { tempFolder } from '../config/configFiles.js';

const ids = (yaml: string) => loadPlan(tempFolder().write('exp.yaml', yaml)).runs.map((r) => r.id);

describe('canonical hashing', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 'x' }] })).toBe('{"a":[1,{"c":"x","d":2}],"b":1}');
  });

  it('keeps the first 10 hex characters of sha256', () => {
    const expected = createHash('sha256').update('{"a":[1,{"c":"x","d":2}],"b":1}').digest('hex').slice(0, 10);
    expect(shortHash({ b: 1, a: [1, { d: 2, c: 'x' }] })).toBe(expected);
    expect(shortHash({ a: [1, { c: 'x', d: 2 }], b: 1 })).toBe(expected);
  });
});

describe('runId', () => {
  const base = 'name: exp\nseeds: [0, 1]\ndata: { noise: 0.1, dim: 8 }\noptimizers:\n  - { kind: adam, lr: [0.01, 0.1] }\n';

  it('is the short hash of the resolved config without its name', () => {
    const [run] = loadPlan(tempFolder().write('exp.yaml', base)).runs;
    const { name: _name, ...rest } = run.config;
    const expected = createHash('sha256').update(canonicalJson(rest)).digest('hex').slice(0, 10);
    expect(run.id).toBe(expected);
    expect(runId(run.config)).toBe(expected);
    expect(run.id).toMatch(/^[0-9a-f]{10}$/);
  });

  it('is the same whatever the key order, defaults written or left out, and the experiment name', () => {
    const reordered = 'optimizers:\n  - { lr: [0.01, 0.1], kind: adam }\ndata: { dim: 8, noise: 0.1 }\nseeds: [0, 1]\nname: renamed\n';
    const withDefaults = base.replace('{ noise: 0.1, dim: 8 }', '{ kind: linear-regression, noise: 0.1, dim: 8, n_train: 512, seed: 0 }');
    expect(ids(reordered)).toEqual(ids(base));
    expect(ids(withDefaults)).toEqual(ids(base));
  });

  it('differs between the runs of a plan and changes with any resolved field', () => {
    const original = ids(base);
    expect(new Set(original).size).toBe(4);
    for (const changed of [
      base.replace('noise: 0.1', 'noise: 0.2'),
      base.replace('kind: adam', 'kind: adamw'),
      base.replace('kind: adam,', 'kind: adam, eps: 1e-7,'),
      base.replace('seeds: [0, 1]', 'seeds: [2, 3]'),
      base + 'train: { steps: 999 }\n',
      base.replace('kind: adam,', 'kind: adam, name: other,'),
    ]) {
      const next = ids(changed);
      expect(next.some((id) => original.includes(id)), changed).toBe(false);
    }
  });

  it('keeps the ids runs had before metrics.ntk.predict existed while it is false, and changes them when true', () => {
    const withNtk = base + 'metrics: { ntk: { every: 10, points: 8 } }\n';
    const [run] = loadPlan(tempFolder().write('exp.yaml', withNtk)).runs;
    expect(run.config.metrics.ntk?.predict).toBe(false);
    // The id of the config as resolved before the key: the same hash with metrics.ntk.predict absent.
    const { name: _name, ...rest } = run.config;
    const { predict: _predict, ...ntk } = rest.metrics.ntk!;
    const before = createHash('sha256').update(canonicalJson({ ...rest, metrics: { ...rest.metrics, ntk } })).digest('hex').slice(0, 10);
    expect(run.id).toBe(before);
    expect(ids(withNtk.replace('points: 8', 'points: 8, predict: false'))[0]).toBe(before);
    const predicted = base.replace('kind: adam', 'kind: sgd') + 'metrics: { ntk: { every: 10, points: 8, predict: true } }\n';
    const plain = base.replace('kind: adam', 'kind: sgd') + 'metrics: { ntk: { every: 10, points: 8 } }\n';
    expect(ids(predicted).some((id) => ids(plain).includes(id))).toBe(false);
  });
});
