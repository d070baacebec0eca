// Case g: what metrics.ntk.predict adds to a run (issue 15: at most 25% on n = 1024): a 2,000-step full-batch gd run
// of a width-1024 MLP on 1,024 teacher-mlp examples, trained with and without the prediction, repetitions
// alternating so that both see the same machine. The prediction builds the kernel on the whole training set
// ([1024, 1024]) and test x train, finds λ_max, and steps the kernel dynamics beside every update; the NTK probe it
// needs runs only at the first and last step (every: 2000).
import { summary } from '../lib/stats.js';
import { distModule, planOf } from '../lib/optlab.js';

const STEPS = 2000;

const config = (metrics) => `name: bench-ntk-predict
data: { kind: teacher-mlp, n_train: 1024, n_test: 256, dim: 8 }
model: { kind: mlp, parameterization: ntk, width: 1024, depth: 1 }
train: { steps: ${STEPS}, batch_size: full, eval_every: 100 }
optimizers: [{ kind: gd, lr: 0.5 }]
${metrics}`;

export async function ntkPredict({ reps, log }) {
  const { trainCohort } = await distModule('index.js');
  const without = await planOf('ntk-predict-off', config(''));
  const withPrediction = await planOf('ntk-predict-on', config(`metrics: { ntk: { every: ${STEPS}, points: 32, predict: true } }\n`));
  const withoutTimes = [];
  const withTimes = [];
  let gap = 0;
  for (let rep = 0; rep < reps; rep++) {
    // The whole call: the kernel is built before the first update, and counts.
    let start = performance.now();
    await trainCohort(without.plan.runs, without.data);
    withoutTimes.push((performance.now() - start) / 1000);
    start = performance.now();
    const outcome = await trainCohort(withPrediction.plan.runs, withPrediction.data);
    withTimes.push((performance.now() - start) / 1000);
    for (const row of outcome.runs[0].curve) gap = Math.max(gap, Math.abs(row.ntk_pred_train_loss / row.train_loss - 1));
    log(`g rep ${rep + 1}: run ${withoutTimes.at(-1).toFixed(2)} s, with metrics.ntk.predict ${withTimes.at(-1).toFixed(2)} s`);
  }
  return [{
    id: 'g',
    measure: `metrics.ntk.predict on n = 1024: a ${STEPS}-step width-1024 full-batch run, wall s`,
    unit: 's',
    optlab: summary(withTimes),
    reference: summary(withoutTimes),
    referenceName: 'run without predict',
    ratioOf: 'extra time / run without predict',
    overhead: true,
    target: { op: '<=', value: 0.25 },
    note: `worst |predicted / measured train loss - 1| ${gap.toExponential(1)}`,
  }];
}
