// The test's own reading of an experiment folder: run.json with JSON.parse, curve.csv split by hand, so that
// expected numbers do not go through the code under test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunOnDisk {
  arm: string;
  seed: number;
  status: string;
  lr: number;
  swept: Record<string, number>;
  /** curve.csv rows, column name → number. */
  rows: Record<string, number>[];
}

/** Every run of `dir` whose run.json says complete or diverged. */
export function finishedRuns(dir: string): RunOnDisk[] {
  const runs: RunOnDisk[] = [];
  for (const id of readdirSync(join(dir, 'runs')).sort()) {
    const json = JSON.parse(readFileSync(join(dir, 'runs', id, 'run.json'), 'utf8'));
    if (json.status !== 'complete' && json.status !== 'diverged') continue;
    const [header, ...lines] = readFileSync(join(dir, 'runs', id, 'curve.csv'), 'utf8').trim().split('\n');
    const columns = header.split(',');
    const rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], Number(cell)])));
    runs.push({ arm: json.arm, seed: json.seed, status: json.status, lr: json.config.optimizer.lr, swept: json.swept, rows });
  }
  return runs;
}

/** The runs of one group: same arm and same swept values. */
export function groupOf(runs: readonly RunOnDisk[], arm: string, swept: Record<string, number>): RunOnDisk[] {
  return runs.filter((run) => run.arm === arm && JSON.stringify(run.swept) === JSON.stringify(swept));
}

/** Float64 reference: mean. */
export function referenceMean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Float64 reference: sample standard deviation sqrt(Σ(x − x̄)² / (n − 1)). */
export function referenceStd(xs: readonly number[]): number {
  const m = referenceMean(xs);
  let squares = 0;
  for (const x of xs) squares += (x - m) * (x - m);
  return Math.sqrt(squares / (xs.length - 1));
}
