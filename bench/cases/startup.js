// Case f: start-up. Wall time of `optlab run` on a one-run, ten-step config, as a user starts it: a fresh
// Node process that loads the CLI and TensorFlow.js, trains, writes the results and exits.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { summary } from '../lib/stats.js';
import { bin, outDir, writeConfig } from '../lib/optlab.js';

const config = `name: bench-startup
data: { kind: linear-regression, n_train: 256, n_test: 64, dim: 8 }
model: { kind: linear }
train: { steps: 10, batch_size: 32, eval_every: 5 }
optimizers: [{ kind: sgd, lr: 0.01 }]
`;

export async function startup({ reps, backend, log }) {
  const file = writeConfig('startup', config);
  const seconds = [];
  for (let rep = 0; rep < reps; rep++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [bin, 'run', file, '--out', join(outDir, 'startup'), '--force', '--quiet', '--backend', backend], {
      encoding: 'utf8',
    });
    seconds.push((performance.now() - start) / 1000);
    if (result.status !== 0) throw new Error(`optlab run exited ${result.status}:\n${result.stderr}`);
    log(`f rep ${rep + 1}: ${seconds.at(-1).toFixed(2)} s`);
  }
  return [
    {
      id: 'f',
      measure: 'start-up: optlab run of a one-run, ten-step config, wall s',
      unit: 's',
      optlab: summary(seconds),
      reference: null,
      target: { op: '<=', value: 1.5, on: 'value' },
    },
  ];
}
