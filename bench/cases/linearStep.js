// Case b: one training step of a single linear-regression run (d = 10, batch 32, Adam), where the time is
// per-op dispatch rather than arithmetic: optlab against PyTorch, microseconds per step.
import { summary } from '../lib/stats.js';
import { msPerStep, planOf } from '../lib/optlab.js';

const STEPS = 2000;

const config = `name: bench-linear-step
data: { kind: linear-regression, n_train: 512, n_test: 128, dim: 10 }
model: { kind: linear }
train: { steps: ${STEPS}, batch_size: 32, eval_every: ${STEPS} }
optimizers: [{ kind: adam, lr: 0.01 }]
`;

export async function linearStep({ reps, torch, log }) {
  const { plan, data } = await planOf('linear-step', config);
  const optlab = [];
  const pytorch = [];
  for (let rep = 0; rep < reps; rep++) {
    optlab.push(1000 * (await msPerStep(plan.runs, data)));
    if (torch) pytorch.push((await torch.request({ case: 'linear_step', dim: 10, batch: 32, n: 512, steps: STEPS })).us_per_step);
    log(`b rep ${rep + 1}: optlab ${optlab.at(-1).toFixed(0)} µs/step${torch ? `, PyTorch ${pytorch.at(-1).toFixed(0)}` : ''}`);
  }
  return [
    {
      id: 'b',
      measure: 'linear regression d=10, batch 32, Adam, one run: µs per step',
      unit: 'µs',
      optlab: summary(optlab),
      reference: torch ? summary(pytorch) : null,
      ratioOf: 'optlab / PyTorch',
      target: { op: '<=', value: 2 },
    },
  ];
}
