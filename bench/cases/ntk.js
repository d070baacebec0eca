// Case d: the NTK metrics. (1) The kernel of an MLP of width 1024 on P = 64 points: the structured
// computation optlab uses against the naive one, one backward pass per example building J, then J Jᵀ; on
// the 8 inputs of configs/ntk-width.yaml (10k parameters) and on MNIST's 784 (0.8M parameters).
// (2) What NTK metrics at their defaults (every 100 steps, 32 points) add to a run of configs/ntk-width.yaml
// at width 1024.
import * as tf from '@tensorflow/tfjs';
import { summary } from '../lib/stats.js';
import { distModule, planOf } from '../lib/optlab.js';

const POINTS = 64;

const network = (metrics, dim = 8) => `name: bench-ntk
data: { kind: teacher-mlp, n_train: 256, n_test: 128, dim: ${dim} }
model: { kind: mlp, parameterization: ntk, width: 1024, depth: 1 }
train: { steps: 400, batch_size: full, eval_every: 20 }
optimizers: [{ kind: gd, lr: 0.5 }]
${metrics}`;

/** Milliseconds `compute` takes, its result read back (the backends are synchronous; the read makes sure). */
function timed(compute) {
  const start = performance.now();
  const result = tf.tidy(compute);
  result.dataSync();
  const ms = performance.now() - start;
  return { ms, result };
}

/** J Jᵀ from J built row by row: for each point, tf.grads of its output, every gradient flattened. */
function naiveKernel(model, params, x) {
  const rows = [];
  for (let p = 0; p < x.shape[0]; p++) {
    const point = tf.slice(x, [p, 0], [1, x.shape[1]]);
    const grads = tf.grads((...ps) => tf.reshape(model.apply(ps, point), []))(params);
    rows.push(tf.concat(grads.map((g) => tf.reshape(g, [-1]))));
  }
  const J = tf.stack(rows);
  // The product in the fast 2-D layout too: the comparison is of the two algorithms, not of tfjs's kernels.
  return tf.expandDims(tf.matMul(J, tf.transpose(J)), 0);
}

/** Median times of the structured and the naive kernel, and how far apart the two kernels are. */
async function kernelTimes(dim, reps, log) {
  const { buildModel } = await distModule('models/build.js');
  const { plan, data } = await planOf(`ntk-${dim}`, network('', dim));
  const model = buildModel([plan.runs[0].config.model], [0], data);
  const params = model.init();
  const x = tf.tensor2d(data.xTrain.subarray(0, POINTS * dim), [POINTS, dim]);
  const structured = [];
  const naive = [];
  let agreement = 0;
  for (let rep = 0; rep < reps; rep++) {
    const fast = timed(() => model.ntk(params, x));
    const slow = timed(() => naiveKernel(model, params, x));
    structured.push(fast.ms);
    naive.push(slow.ms);
    agreement = tf.tidy(() => tf.div(tf.norm(tf.sub(fast.result, slow.result)), tf.norm(slow.result)).dataSync()[0]);
    tf.dispose([fast.result, slow.result]);
    log(`d rep ${rep + 1}, d = ${dim}: structured ${fast.ms.toFixed(1)} ms, naive ${slow.ms.toFixed(1)} ms`);
  }
  tf.dispose([...params, x]);
  model.dispose();
  return {
    id: 'd',
    measure: `NTK, MLP ${dim}-1024-1 (${model.paramCount.toLocaleString('en')} parameters), P = ${POINTS}: structured vs per-example J Jᵀ, ms`,
    unit: 'ms',
    optlab: summary(structured),
    reference: summary(naive),
    referenceName: 'naive J Jᵀ',
    ratioOf: 'naive / structured',
    invert: true,
    target: { op: '>=', value: 50 },
    note: `kernels agree to ${agreement.toExponential(1)} (relative Frobenius)`,
  };
}

export async function ntk({ reps, log }) {
  const { trainCohort } = await distModule('index.js');
  const rows = [await kernelTimes(8, reps, log), await kernelTimes(784, reps, log)];
  const without = await planOf('ntk-run', network(''));
  const withNtk = await planOf('ntk-metrics', network('metrics: { ntk: { every: 100, points: 32 } }\n'));
  const withoutTimes = [];
  const withTimes = [];
  for (let rep = 0; rep < reps; rep++) {
    withoutTimes.push((await trainCohort(without.plan.runs, without.data)).wallTimeMs / 1000);
    withTimes.push((await trainCohort(withNtk.plan.runs, withNtk.data)).wallTimeMs / 1000);
    log(`d rep ${rep + 1}: run ${withoutTimes.at(-1).toFixed(2)} s, with NTK metrics ${withTimes.at(-1).toFixed(2)} s`);
  }
  rows.push({
    id: 'd',
    measure: 'NTK metrics at defaults (every 100, 32 points) on a 400-step width-1024 run: wall s',
    unit: 's',
    optlab: summary(withTimes),
    reference: summary(withoutTimes),
    referenceName: 'run without NTK',
    ratioOf: 'extra time / run without NTK',
    overhead: true,
    target: { op: '<=', value: 0.25 },
  });
  return rows;
}
