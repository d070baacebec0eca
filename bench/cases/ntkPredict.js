// Case g: what metrics.ntk.predict adds to a run (issue 15: at most 25% on n = 1024): a 2,000-step full-batch gd run
// of a width-1024 MLP on 1,024 teacher-mlp examples, trained with and without the prediction, repetitions
// alternating so that both see the same machine. The prediction builds the kernel on the whole training set
// ([1024, 1024]) and test x train, finds λ_max, and steps the kernel dynamics beside every update; the NTK probe it
// needs runs only at the first and last step (every: 2000). Timed in this process's CPU seconds (user + system;
// the wasm backend computes on this one thread) as well as wall seconds: on a machine shared with other work the
// wall time of one run swings by 2x or more between repetitions, its CPU time much less.
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
  const times = { without: { cpu: [], wall: [] }, with: { cpu: [], wall: [] } };
  let gap = 0;
  /** Trains the plan's runs, recording CPU and wall seconds of the whole call (the kernel is built inside it, and counts). */
  const timed = async ({ plan, data }, into) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const outcome = await trainCohort(plan.runs, data);
    const used = process.cpuUsage(cpu);
    into.wall.push((performance.now() - start) / 1000);
    into.cpu.push((used.user + used.system) / 1e6);
    return outcome;
  };
  for (let rep = 0; rep < reps; rep++) {
    await timed(without, times.without);
    const outcome = await timed(withPrediction, times.with);
    for (const row of outcome.runs[0].curve) gap = Math.max(gap, Math.abs(row.ntk_pred_train_loss / row.train_loss - 1));
    const shown = (t) => `${t.cpu.at(-1).toFixed(1)} s CPU (${t.wall.at(-1).toFixed(1)} s wall)`;
    log(`g rep ${rep + 1}: run ${shown(times.without)}, with metrics.ntk.predict ${shown(times.with)}`);
  }
  const row = (clock) => ({
    id: 'g',
    measure: `metrics.ntk.predict on n = 1024: a ${STEPS}-step width-1024 full-batch run, ${clock} s`,
    unit: 's',
    optlab: summary(times.with[clock]),
    reference: summary(times.without[clock]),
    referenceName: 'run without predict',
    ratioOf: 'extra time / run without predict',
    overhead: true,
    target: { op: '<=', value: 0.25 },
    note: `worst |predicted / measured train loss - 1| ${gap.toExponential(1)}`,
  });
  return [row('cpu'), row('wall')];
}
