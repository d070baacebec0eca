// Case a: one training step of an MLP 784-256-256-10 on MNIST-sized inputs, batch 128, MSE, Adam, one run:
// optlab (the real training loop) against PyTorch's ordinary loop, milliseconds per step.
import { availableParallelism } from 'node:os';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { summary } from '../lib/stats.js';
import { distModule, msPerStep, planOf } from '../lib/optlab.js';

/** Timed updates per repetition (after the warm-up the training loop's step 0 evaluation gives). */
const STEPS = 30;

const config = `name: bench-mlp-step
data: { kind: mnist, n_train: 2048, n_test: 128, classes: 10 }
model: { kind: mlp, hidden: [256, 256], parameterization: standard }
train: { steps: ${STEPS}, batch_size: 128, loss: mse, eval_every: ${STEPS} }
optimizers: [{ kind: adam, lr: 0.001 }]
`;

/**
 * The XNNPACK threads `optlab run` gives this MLP when it trains alone for 1,000 steps (src/experiment/wasmThreadCount.ts):
 * the timed config's 30 steps are too short to pay for the threads' start, a real run is not.
 */
export async function mlpStepThreads() {
  const { wasmThreadCount } = await distModule('experiment/wasmThreadCount.js');
  const { datasetKey } = await distModule('experiment/loadRunData.js');
  const { plan, data } = await planOf('mlp-step-1000', config.replaceAll(`${STEPS}`, '1000'));
  return wasmThreadCount(plan.runs, new Map([[datasetKey(plan.runs[0]), data]]), 1, availableParallelism());
}

export async function mlpStep({ reps, backend, torch, log }) {
  const { plan, data } = await planOf('mlp-step', config);
  const optlab = [];
  const pytorch = [];
  for (let rep = 0; rep < reps; rep++) {
    // Alternating the two spreads any drift in the machine's speed over both.
    optlab.push(await msPerStep(plan.runs, data));
    if (torch) pytorch.push((await torch.request({ case: 'mlp_step', widths: [784, 256, 256, 10], batch: 128, n: 2048, steps: STEPS })).ms_per_step);
    log(`a rep ${rep + 1}: optlab ${optlab.at(-1).toFixed(2)} ms/step${torch ? `, PyTorch ${pytorch.at(-1).toFixed(2)}` : ''}`);
  }
  return [
    {
      id: 'a',
      measure: 'MLP 784-256-256-10, batch 128, MSE, Adam: ms per step',
      unit: 'ms',
      optlab: summary(optlab),
      reference: torch ? summary(pytorch) : null,
      ratioOf: 'optlab / PyTorch',
      target: { op: '<=', value: 2.5 },
      note: backend === 'wasm' ? `${getThreadsCount()} XNNPACK thread(s)` : undefined,
    },
  ];
}
