// The infinite-ntk model kind in configs: its keys and defaults, joining a model.kind sweep with the mlp (a width
// sweep multiplies only the mlp's runs), and every refusal a located problem naming file, line and field.
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from './configFiles.js';
import { problemAt, problemsOf } from './problemsOf.js';

/** A config file with `model` and `optimizers` lines (and optionally others) on linear regression. */
function config(lines: string[]): string {
  return tempFolder().write('infinite.yaml', ['name: infinite', 'data: { kind: linear-regression, dim: 4, n_train: 32, n_test: 16 }', ...lines].join('\n'));
}

describe('infinite-ntk configs', () => {
  it('fills its defaults: depth 1, relu, bias, ntk, w_std 1, b_std 0.1, output_scale 1', () => {
    const plan = loadPlan(config(['model: { kind: infinite-ntk }', 'optimizers: [{ kind: gd, lr: 0.1 }]']));
    expect(plan.runs[0].config.model).toEqual({
      kind: 'infinite-ntk', depth: 1, activation: 'relu', bias: true, parameterization: 'ntk', w_std: 1, b_std: 0.1, output_scale: 1,
    });
  });

  it('joins a model.kind sweep with the mlp: width sweeps the mlp only, shared keys reach both', () => {
    const plan = loadPlan(config([
      'model: { kind: [mlp, infinite-ntk], width: [16, 64, 256], parameterization: ntk, activation: erf, w_std: 1.5, center: true }',
      'optimizers: [{ kind: gd, lr: 0.1 }]',
      'metrics: { ntk: { points: 8 } }',
    ]));
    const models = plan.runs.map((r) => r.config.model);
    expect(models.map((m) => m.kind)).toEqual(['mlp', 'mlp', 'mlp', 'infinite-ntk']);
    expect(models.slice(0, 3).map((m) => ('hidden' in m ? m.hidden : null))).toEqual([[16], [64], [256]]);
    expect(models[3]).toEqual({ kind: 'infinite-ntk', depth: 1, activation: 'erf', bias: true, parameterization: 'ntk', w_std: 1.5, b_std: 0.1, output_scale: 1 });
    // The infinite run records the kind it was swept to, not a width.
    expect(plan.runs[3].swept).toEqual({ 'model.kind': 'infinite-ntk' });
    expect(plan.runs[0].swept).toMatchObject({ 'model.kind': 'mlp' });
  });

  it('reads a sweep listing infinite-ntk first with the keys of both kinds', () => {
    const plan = loadPlan(config(['model: { kind: [infinite-ntk, mlp], width: [8, 32], parameterization: ntk }', 'optimizers: [{ kind: sgd, lr: 0.1 }]']));
    expect(plan.runs.map((r) => r.config.model.kind)).toEqual(['infinite-ntk', 'mlp', 'mlp']);
  });

  it('refuses optimizers that are not linear in the gradient, at the arm kind', () => {
    const file = config(['model: { kind: infinite-ntk }', 'optimizers:', '  - { kind: gd, lr: 0.1 }', '  - { kind: adam, lr: 0.01 }']);
    const problem = problemAt(problemsOf(file), 'optimizers[1].kind');
    expect(problem.location.line).toBe(6);
    expect(problem.message).toMatch(/expected gd, sgd, momentum, nesterov for model kind infinite-ntk, got "adam"/);
  });

  it('refuses weight decay, at the arm field', () => {
    const file = config(['model: { kind: infinite-ntk }', 'optimizers: [{ kind: momentum, lr: 0.1, weight_decay: 0.01 }]']);
    expect(problemAt(problemsOf(file), 'optimizers[0].weight_decay').message).toMatch(/expected 0 for model kind infinite-ntk, got 0.01/);
  });

  it('refuses cross-entropy, at train.loss', () => {
    const file = tempFolder().write('ce.yaml', [
      'name: ce', 'data: { kind: moons, n_train: 32 }', 'model: { kind: infinite-ntk }', 'train: { loss: cross-entropy }', 'optimizers: [{ kind: gd }]',
    ].join('\n'));
    const problem = problemAt(problemsOf(file), 'train.loss');
    expect(problem.location.line).toBe(4);
    expect(problem.message).toMatch(/expected mse for model kind infinite-ntk, got "cross-entropy"/);
  });

  it('refuses init_from, width and a standard parameterization written for infinite-ntk alone', () => {
    const problems = problemsOf(config(['model: { kind: infinite-ntk, init_from: mlp, width: 8, parameterization: standard }', 'optimizers: [{ kind: gd }]']));
    expect(problemAt(problems, 'model.init_from').message).toMatch(/unknown key "init_from"/);
    expect(problemAt(problems, 'model.width').message).toMatch(/unknown key "width"/);
    expect(problemAt(problems, 'model.parameterization').message).toMatch(/expected one of ntk, got "standard"/);
  });

  it('refuses an activation without a closed-form kernel, and a standard parameterization swept to its limit', () => {
    const tanh = problemsOf(config(['model: { kind: infinite-ntk, activation: tanh }', 'optimizers: [{ kind: gd }]']));
    expect(problemAt(tanh, 'model.activation').message).toMatch(/relu.*erf.*linear/);
    const standard = problemsOf(config(['model: { kind: [mlp, infinite-ntk], width: [8, 16], parameterization: standard }', 'optimizers: [{ kind: gd }]']));
    expect(problemAt(standard, 'model.parameterization').message).toMatch(/expected one of ntk, got "standard"/);
  });
});
