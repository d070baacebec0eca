// The size check of generated datasets, made while a config is validated: a dataset that cannot fit in this
// machine's memory (n_train: 1e11) is refused at its field before anything is generated, instead of failing
// after minutes of generation with an out-of-memory abort or a RangeError.
import { totalmem } from 'node:os';
import { formatBytes, TYPED_ARRAY_MAX_ELEMENTS } from '../lib/backendMemory.js';
import type { FieldProblem } from './problems.js';

/**
 * Bytes per value a generator holds at its peak, at the least: it draws in float64 (8 bytes) and copies the
 * result into float32 (4 bytes) while the float64 values are still alive. A lower bound, so what it refuses
 * surely cannot be generated; what it lets through is still sized against the backend by the run's memory check.
 */
export const GENERATION_BYTES_PER_VALUE = 12;

/** Values per example (features and target) of the generated kinds, or undefined for data read from files. */
function valuesPerExample(data: Record<string, unknown>): number | undefined {
  const number = (key: string) => (typeof data[key] === 'number' ? (data[key] as number) : undefined);
  switch (data.kind) {
    case 'linear-regression':
      return (number('dim') ?? 0) + 1;
    case 'teacher-mlp':
      return (number('dim') ?? 0) + (number('outputs') ?? 0);
    case 'moons':
    case 'spirals':
      // Two coordinates and a class label.
      return 3;
    case 'blobs':
      return (number('dim') ?? 0) + 1;
    default:
      // csv is read from files (their reader checks them); mnist's sizes are bounded by the images there are.
      return undefined;
  }
}

/** A problem at data.n_train when the generated dataset `data` (a resolved data section) cannot fit in `memoryBytes`. */
export function dataSizeProblems(data: Record<string, unknown>, memoryBytes = totalmem()): FieldProblem[] {
  const width = valuesPerExample(data);
  const nTrain = data.n_train;
  const nTest = data.n_test;
  if (width === undefined || typeof nTrain !== 'number' || typeof nTest !== 'number') return [];
  const examples = nTrain + nTest;
  const bytes = examples * width * GENERATION_BYTES_PER_VALUE;
  const largestArray = Math.max(nTrain, nTest) * width;
  const size = `${nTrain} + ${nTest} examples x ${width} values`;
  if (bytes > memoryBytes) {
    return [
      {
        path: ['data', 'n_train'],
        message: `expected a dataset that fits in memory, got ${size}: generating it takes more than ${formatBytes(bytes)}, more than this machine's ${formatBytes(memoryBytes)}; lower n_train or n_test`,
      },
    ];
  }
  if (largestArray > TYPED_ARRAY_MAX_ELEMENTS) {
    return [
      {
        path: ['data', 'n_train'],
        message: `expected at most ${TYPED_ARRAY_MAX_ELEMENTS} values in one split, got ${size} (${largestArray}); lower n_train or n_test`,
      },
    ];
  }
  return [];
}
