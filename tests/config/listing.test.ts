// `optlab list` rows: every kind of each section, with its parameters' types and defaults.
import { describe, expect, it } from 'vitest';
import { catalogListing } from '../../src/config/listing.js';

describe('catalogListing', () => {
  it('lists every optimizer kind of SPEC §4 in order', () => {
    expect(catalogListing('optimizers').map((row) => row.kind)).toEqual([
      'gd', 'sgd', 'momentum', 'nesterov', 'signsgd', 'rmsprop', 'adagrad', 'adam', 'adamw', 'lion', 'precond-gd',
    ]);
  });

  it('shows each parameter with its type, default and doc', () => {
    const adam = catalogListing('optimizers').find((row) => row.kind === 'adam')!;
    expect(adam.doc).not.toBe('');
    expect(adam.params.map((p) => [p.name, p.type, p.defaultText])).toEqual([
      ['name', 'text', 'adam'],
      ['lr', 'number >= 0', '0.01'],
      ['weight_decay', 'number >= 0', '0'],
      ['beta1', 'number in [0, 1)', '0.9'],
      ['beta2', 'number in [0, 1)', '0.999'],
      ['eps', 'number > 0', '1e-8'],
      ['bias_correction', 'boolean', 'true'],
    ]);
    expect(adam.params.find((p) => p.name === 'beta2')!.default).toBe(0.999);
    for (const param of adam.params) expect(param.doc).not.toBe('');
  });

  it('marks required and derived parameters', () => {
    const csv = catalogListing('datasets').find((row) => row.kind === 'csv')!;
    expect(csv.params.find((p) => p.name === 'train')).toMatchObject({ type: 'file path', defaultText: 'required' });
    expect(csv.params.find((p) => p.name === 'train')!.default).toBeUndefined();
    const train = catalogListing('train')[0];
    expect(train.params.find((p) => p.name === 'loss')!.defaultText).toMatch(/mse for regression data/);
    expect(train.params.find((p) => p.name === 'batch_size')).toMatchObject({ type: 'integer >= 1 | "full"', defaultText: '32' });
  });

  it('shows the network shorthand and the metrics block', () => {
    const mlp = catalogListing('models').find((row) => row.kind === 'mlp')!;
    expect(mlp.params.slice(0, 4).map((p) => [p.name, p.type, p.defaultText])).toEqual([
      ['hidden', 'list of integer >= 1', '[256], or [width] x depth'],
      ['width', 'integer >= 1', 'none (256 when depth is given)'],
      ['depth', 'integer >= 1', 'none (1 when width is given)'],
      ['activation', 'relu | tanh | gelu | erf | linear', 'relu'],
    ]);
    const [ntk] = catalogListing('metrics');
    expect(ntk.kind).toBe('ntk');
    expect(ntk.doc).toMatch(/\(default none \(no NTK metrics\)\)$/);
    expect(ntk.params.map((p) => [p.name, p.defaultText])).toEqual([['every', '100'], ['points', '32'], ['save_kernels', 'false'], ['predict', 'false']]);
  });

  it('lists models, datasets and schedules', () => {
    expect(catalogListing('models').map((row) => row.kind)).toEqual(['linear', 'ridge', 'mlp', 'linearized', 'linear-probe', 'infinite-ntk']);
    expect(catalogListing('datasets').map((row) => row.kind)).toEqual(['linear-regression', 'csv', 'teacher-mlp', 'moons', 'spirals', 'blobs', 'mnist']);
    expect(catalogListing('schedules').map((row) => row.kind)).toEqual(['constant', 'step', 'cosine', 'warmup']);
    const warmup = catalogListing('schedules').find((row) => row.kind === 'warmup')!;
    expect(warmup.params.map((p) => [p.name, p.defaultText])).toEqual([['steps', 'required'], ['then', '{ kind: constant }']]);
    expect(catalogListing('experiment')[0].params.map((p) => [p.name, p.defaultText])).toEqual([
      ['name', 'required'], ['seeds', '[0]'], ['description', 'none (no text opens the report section)'], ['expect', 'none (no claims to check)'],
    ]);
  });
});

describe('catalogListing provenance', () => {
  it('names where a default comes from when it follows a library or paper', () => {
    const rmsprop = catalogListing('optimizers').find((row) => row.kind === 'rmsprop')!;
    expect(rmsprop.params.find((p) => p.name === 'alpha')).toMatchObject({ defaultText: '0.99', defaultFrom: 'torch.optim.RMSprop' });
    expect(rmsprop.params.find((p) => p.name === 'lr')!.defaultFrom).toBeUndefined();
  });
});
