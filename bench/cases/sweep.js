// Case c: a sweep of 64 linear-regression runs (16 learning rates x 4 seeds; d = 32, n = 512, batch 32,
// 1,000 Adam steps, a curve row every 100) through optlab's real experiment runner, against a plain PyTorch
// loop over the same 64 runs and against optlab with cohorts disabled (each run trained on its own).
import { join } from 'node:path';
import { summary } from '../lib/stats.js';
import { distModule, outDir, planOf } from '../lib/optlab.js';

const LRS = Array.from({ length: 16 }, (_, i) => Number((0.001 * 1.3 ** i).toPrecision(3)));
const SEEDS = [0, 1, 2, 3];

const config = `name: bench-sweep
seeds: [${SEEDS.join(', ')}]
data: { kind: linear-regression, n_train: 512, n_test: 256, dim: 32 }
model: { kind: linear }
train: { steps: 1000, batch_size: 32, eval_every: 100 }
optimizers: [{ kind: adam, lr: [${LRS.join(', ')}] }]
`;

/** Seconds of runExperiment over `plans` one after another, one worker, results written to `folder`. */
async function secondsOf(plans, folder, backend) {
  const { runExperiment } = await distModule('index.js');
  const start = performance.now();
  for (const plan of plans) await runExperiment(plan, { outRoot: folder, backend, force: true, jobs: 1 });
  return (performance.now() - start) / 1000;
}

export async function sweep({ reps, backend, torch, log }) {
  const { plan } = await planOf('sweep', config);
  const alone = plan.runs.map((run) => ({ ...plan, runs: [run] }));
  const cohorts = [];
  const noCohorts = [];
  const pytorch = [];
  for (let rep = 0; rep < reps; rep++) {
    cohorts.push(await secondsOf([plan], join(outDir, 'sweep-cohorts'), backend));
    if (torch) {
      const request = { case: 'sweep', lrs: LRS, seeds: SEEDS, dim: 32, n: 512, n_test: 256, batch: 32, steps: 1000, eval_every: 100 };
      pytorch.push((await torch.request(request)).seconds);
    }
    noCohorts.push(await secondsOf(alone, join(outDir, 'sweep-alone'), backend));
    log(`c rep ${rep + 1}: optlab ${cohorts.at(-1).toFixed(2)} s, without cohorts ${noCohorts.at(-1).toFixed(2)} s${torch ? `, PyTorch loop ${pytorch.at(-1).toFixed(2)} s` : ''}`);
  }
  return [
    {
      id: 'c',
      measure: `sweep of ${plan.runs.length} runs (lr x seed), linear d=32, 1,000 steps: wall s, vs a PyTorch loop`,
      unit: 's',
      optlab: summary(cohorts),
      reference: torch ? summary(pytorch) : null,
      ratioOf: 'optlab / PyTorch',
      target: { op: '<=', value: 0.1 },
    },
    {
      id: 'c',
      measure: 'the same sweep: optlab without cohorts (each run alone) vs with',
      unit: 's',
      optlab: summary(cohorts),
      reference: summary(noCohorts),
      referenceName: 'optlab, no cohorts',
      ratioOf: 'no cohorts / cohorts',
      invert: true,
      target: { op: '>=', value: 20 },
    },
  ];
}
