// Which fields tell runs apart, from their run.json configs: hand-built records whose differences are known.
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/config/types.js';
import { distinguishingFields, fieldValue, identityKey } from '../../src/output/runFields.js';
import type { RunRecord } from '../../src/output/types.js';
import { runRecord, SAMPLE_CONFIG } from './fixtures.js';

const MLP: RunConfig['model'] = { kind: 'mlp', hidden: [64], activation: 'relu', bias: true, parameterization: 'standard', w_std: 1, b_std: 0, output_scale: 1, center: false };

function record(id: string, change: (config: RunConfig) => RunConfig, swept: RunRecord['swept'] = {}): RunRecord {
  const config = change(structuredClone(SAMPLE_CONFIG));
  return runRecord({ run_id: id, arm: config.optimizer.name, seed: config.seed, config, swept });
}

describe('distinguishingFields', () => {
  it('is empty for seeds of one config, whose identity keys are equal', () => {
    const a = record('a', (c) => ({ ...c, seed: 0 }));
    const b = record('b', (c) => ({ ...c, seed: 1 }));
    expect(identityKey(a.config)).toBe(identityKey(b.config));
    expect(distinguishingFields([a, b])).toEqual([]);
  });

  it('finds a field no sweep lists (a scalar --set between two runs into one folder)', () => {
    const a = record('a', (c) => ({ ...c, optimizer: { ...c.optimizer, lr: 0.001 } }));
    const b = record('b', (c) => ({ ...c, optimizer: { ...c.optimizer, lr: 0.1 } }));
    expect(distinguishingFields([a, b])).toEqual(['optimizer.lr']);
    expect(fieldValue(a, 'optimizer.lr')).toBe(0.001);
  });

  it('ignores optimizer differences between arms, but not a train difference between them', () => {
    const adam = record('a', (c) => c);
    const sgd = record('s', (c) => ({ ...c, optimizer: { kind: 'sgd', name: 'sgd', lr: 0.5, weight_decay: 0 } }));
    expect(distinguishingFields([adam, sgd])).toEqual([]);
    const shortSgd = record('t', (c) => ({ ...c, optimizer: { kind: 'sgd', name: 'sgd', lr: 0.5, weight_decay: 0 }, train: { ...c.train, steps: 5 } }));
    expect(distinguishingFields([adam, shortSgd])).toEqual(['train.steps']);
  });

  it('lets a swept model.width account for model.hidden, unless a run lacks the swept value', () => {
    const w64 = record('a', (c) => ({ ...c, model: MLP }), { 'model.width': 64 });
    const w128 = record('b', (c) => ({ ...c, model: { ...MLP, hidden: [128] } }), { 'model.width': 128 });
    expect(distinguishingFields([w64, w128])).toEqual(['model.width']);
    // A run of another plan that gave hidden: [32] directly: width does not say how it differs.
    const h32 = record('c', (c) => ({ ...c, model: { ...MLP, hidden: [32] } }));
    expect(distinguishingFields([w64, w128, h32])).toEqual(['model.hidden', 'model.width']);
  });
});
