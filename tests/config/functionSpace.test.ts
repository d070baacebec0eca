// kernelDynamicsRefusal: which runs metrics.ntk.predict can follow in function space, and the reason for the others.
import { expect, it } from 'vitest';
import { kernelDynamicsRefusal } from '../../src/config/functionSpace.js';
import { plannedRun } from '../helpers/runs.js';

it('kernelDynamicsRefusal names what leaves function space', () => {
  const base = { model: { kind: 'linear' as const, init: 'zeros' as const } };
  expect(kernelDynamicsRefusal(plannedRun('a', { ...base, optimizer: { kind: 'momentum', name: 'm', lr: 0.1 } }).config)).toBeNull();
  expect(kernelDynamicsRefusal(plannedRun('a', { ...base, optimizer: { kind: 'adam', name: 'a', lr: 0.1 } }).config)).toMatch(/adam.*not linear/);
  expect(kernelDynamicsRefusal(plannedRun('a', { ...base, optimizer: { kind: 'sgd', name: 's', lr: 0.1, weight_decay: 0.1 } }).config)).toMatch(/weight_decay/);
  expect(kernelDynamicsRefusal(plannedRun('a', { model: { kind: 'ridge', lambda: 0.1, init: 'zeros' }, optimizer: { kind: 'gd', name: 'g', lr: 0.1 } }).config)).toMatch(/ridge/);
});
