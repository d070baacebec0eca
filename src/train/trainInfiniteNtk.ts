// Trains a cohort of infinite-ntk runs (SPEC §6): each run's mean prediction f_t, f_0 = 0, under kernel dynamics
// with its analytic NTK on the training set (and Θ(test, train) for test predictions), on the run's own minibatches
// and lr schedule. The same loop shape and outcome as trainCohort.ts, with no parameters: curve.csv's parameter
// measures (grad_norm, update_norm, param_dist) are empty.
import * as tf from '@tensorflow/tfjs';
import type { InfiniteNtkModel } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { kernelStats } from '../metrics/ntkStats.js';
import type { NtkRow } from '../output/metricRows.js';
import type { PlannedRun } from '../plan/types.js';
import { analyticKernels, type Points } from '../theory/analyticKernel.js';
import { KernelDynamics } from '../theory/kernelDynamics.js';
import { CohortCurves } from './cohortCurves.js';
import { targetMatrix } from './loss.js';
import { batchRows, MinibatchOrder, stepsPerEpoch } from './minibatches.js';
import { stepPlan } from './stepPlan.js';
import type { RunKernels } from './ntkProbe.js';
import type { CohortOutcome, TrainHooks } from './trainCohort.js';

/** Θ(train, train) and Θ(test, train) of one run's architecture, float32 row-major, for its tensors. */
interface RunKernelsOnData {
  train: Float32Array;
  testTrain: Float32Array;
  /** Θ on the first P training points (metrics.ntk), float64. */
  points: Float64Array | null;
}

/** Each run's kernels, computed once per distinct architecture (a sweep over lr or seeds shares them). */
function kernelsOf(models: InfiniteNtkModel[], data: Dataset, ntkPoints: number | null): RunKernelsOnData[] {
  const train: Points = { x: data.xTrain, count: data.nTrain, dim: data.dim };
  const test: Points = { x: data.xTest, count: data.nTest, dim: data.dim };
  const byArchitecture = new Map<string, RunKernelsOnData>();
  return models.map((model) => {
    const key = JSON.stringify(model);
    let kernels = byArchitecture.get(key);
    if (kernels === undefined) {
      const trainTrain = analyticKernels(model, train, train).ntk;
      let points: Float64Array | null = null;
      if (ntkPoints !== null) {
        points = new Float64Array(ntkPoints * ntkPoints);
        for (let p = 0; p < ntkPoints; p++) points.set(trainTrain.subarray(p * data.nTrain, p * data.nTrain + ntkPoints), p * ntkPoints);
      }
      kernels = { train: Float32Array.from(trainTrain), testTrain: Float32Array.from(analyticKernels(model, test, train).ntk), points };
      byArchitecture.set(key, kernels);
    }
    return kernels;
  });
}

/** Concatenates per-run row-major blocks into one [K, ...] buffer. */
function stacked(blocks: Float32Array[]): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

/**
 * ntk.csv's row for infinite-ntk: its kernel is Θ at every step (no drift, no linearization gap, exactly the
 * analytic kernel), and it has no parameters to measure a change of.
 */
function constantKernelRow(step: number, theta: Float64Array): NtkRow {
  return { step, ...kernelStats(theta, theta), param_rel_change: null, lin_gap: 0, kernel_vs_analytic: 0 };
}

/** Trains the runs of one infinite-ntk cohort (same data, optimizer kind, batch size and steps). */
export async function trainInfiniteNtk(runs: PlannedRun[], data: Dataset, hooks: TrainHooks = {}): Promise<CohortOutcome> {
  const K = runs.length;
  const { train } = runs[0].config;
  const B = batchRows(train.batch_size, data.nTrain);
  const ntkConfig = runs[0].config.metrics.ntk;
  const { isNtkStep, isEvalStep, lrAt } = stepPlan(runs);

  const kernels = kernelsOf(runs.map((r) => r.config.model as InfiniteNtkModel), data, ntkConfig?.points ?? null);
  const [n, m, o] = [data.nTrain, data.nTest, data.outputs];
  const tensors = tf.tidy(() => ({
    kTrain: tf.tensor3d(stacked(kernels.map((k) => k.train)), [K, n, n]),
    kTestTrain: tf.tensor3d(stacked(kernels.map((k) => k.testTrain)), [K, m, n]),
    // f_0 = 0: the infinite-width network's mean prediction at init (its outputs are a centred Gaussian process).
    f0Train: tf.zeros([K, n, o]) as tf.Tensor3D,
    f0Test: tf.zeros([K, m, o]) as tf.Tensor3D,
    yTrain: tf.tensor2d(targetMatrix(data, 'train'), [n, o]),
    yTest: tf.tensor2d(targetMatrix(data, 'test'), [m, o]),
  }));
  const dynamics = new KernelDynamics({ ...tensors, optimizers: runs.map((r) => r.config.optimizer) });
  const orders = train.batch_size === 'full' ? null : runs.map((r) => new MinibatchOrder(r.seed, n, B));
  const ntkRows: NtkRow[][] = runs.map(() => []);
  const curves = new CohortCurves(K, { stepsPerEpoch: stepsPerEpoch(n, B), batchSize: B });
  const start = performance.now();
  let lastYield = start;
  let stepsDone = 0;

  try {
    for (let k = 0; ; k++) {
      if (isEvalStep(k)) {
        const { train: trainLoss, test: testLoss } = dynamics.losses();
        const metrics = { trainLoss, testLoss, objective: trainLoss, gradNorm: null, paramDist: null, updateNorm: null, accuracy: null };
        curves.log(k, metrics, { wallMs: performance.now() - start, lr: lrAt(k) });
        if (isNtkStep(k)) {
          curves.measuringAt(k).forEach((measuring, r) => {
            if (measuring) ntkRows[r].push(constantKernelRow(k, kernels[r].points as Float64Array));
          });
        }
      }
      if (k === train.steps || curves.allEnded() || hooks.signal?.aborted) break;

      const t = k + 1;
      let batch: Int32Array | null = null;
      if (orders !== null) {
        batch = new Int32Array(K * B);
        orders.forEach((order, r) => order.next(batch as Int32Array, r * B));
      }
      // A diverged run is frozen with lr 0 (its update vanishes for every kernel-dynamics optimizer), so its
      // predictions stay where the rule caught them: one update past the step it diverged at, since the batch loss
      // that breaks the rule is computed in the same call that applies that update.
      const updating = curves.updating();
      const lr = lrAt(t).map((value, r) => (updating[r] ? value : 0));
      curves.checkMinibatch(t - 1, dynamics.step(batch, { count: t, lr }));
      stepsDone = t;
      hooks.onStep?.(t);
      if (performance.now() - lastYield > 50) {
        // Let timers (progress bars) and signal handlers run during long cohorts.
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
    const wallTimeMs = performance.now() - start;
    return {
      runs: runs.map((run, r) => {
        const theta = kernels[r].points;
        const kernelPair: RunKernels | null = theta === null ? null : { points: ntkConfig?.points ?? 0, initial: theta, latest: theta };
        return {
          run,
          status: curves.status(r, stepsDone, train.steps),
          divergedAt: curves.divergedAt[r],
          curve: curves.curves[r],
          // No parameters: nothing for final_params.json (no run can start from an infinite-ntk run).
          finalParams: [],
          ntk: ntkConfig === undefined ? null : ntkRows[r],
          kernels: kernelPair,
          directions: null,
          // Its curve is already kernel dynamics (of the analytic kernel): metrics.ntk.predict adds nothing to it.
          maxStableLr: null,
          // No parameters, no Hessian: metrics.sharpness is refused for this kind (its catalog entry's trainable: false).
          sharpness: null,
        };
      }),
      wallTimeMs,
      stepsDone,
      paramCount: 0,
      // Its optimizer state lives on α (n x o per run), not on parameters: none per parameter.
      stateFloatsPerParam: 0,
    };
  } finally {
    dynamics.dispose();
    tf.dispose(Object.values(tensors));
  }
}
