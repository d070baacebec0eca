// Trains one cohort: K runs that share every shape, as one computation with a leading run axis
// (DESIGN.md "Cohorts"). K = 1 is the same code path. The loop owns every tensor it keeps and
// disposes the previous step's state in one place.
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { buildModel } from '../models/build.js';
import type { CohortModel } from '../models/types.js';
import { buildOptimizer } from '../optim/build.js';
import { scheduleMultiplier } from '../optim/schedule.js';
import type { OptState, Optimizer } from '../optim/types.js';
import type { DirectionRow, NtkRow } from '../output/metricRows.js';
import type { CurveRow } from '../output/types.js';
import type { PlannedRun } from '../plan/types.js';
import { accuracyPerRun } from './accuracy.js';
import { DirectionsProbe } from './directionsProbe.js';
import { distanceFromInit } from './distanceFromInit.js';
import { targetMatrix } from './loss.js';
import { batchRows, MinibatchOrder } from './minibatches.js';
import { NtkProbe, type RunKernels } from './ntkProbe.js';
import { tidy } from './tidy.js';
import { normPerRun, objectiveAndGrads, objectivePerRun } from './objective.js';

/** A run stops being trained when its objective exceeds this multiple of its initial objective. */
export const DIVERGENCE_FACTOR = 1e6;

/** Hooks for progress and interruption. */
export interface TrainHooks {
  /** Called after each update with the number of updates done. */
  onStep?(step: number): void;
  /** When aborted, training stops at the next update and unfinished runs are `interrupted`. */
  signal?: AbortSignal;
}

/** What training produced for one run. */
export interface RunOutcome {
  run: PlannedRun;
  status: 'complete' | 'diverged' | 'interrupted';
  /** First step whose parameters gave a non-finite objective or one beyond DIVERGENCE_FACTOR x the initial one. */
  divergedAt: number | null;
  curve: CurveRow[];
  /** This run's final value of each parameter (model.paramNames order), flattened. */
  finalParams: Float32Array[];
  /** ntk.csv rows, when metrics.ntk is set. */
  ntk: NtkRow[] | null;
  /** The first and last measured NTK, when metrics.ntk is set. */
  kernels: RunKernels | null;
  /** directions.csv rows, for linear and ridge models on linear-regression data. */
  directions: DirectionRow[] | null;
}

export interface CohortOutcome {
  runs: RunOutcome[];
  wallTimeMs: number;
  /** Updates performed (fewer than train.steps when interrupted or when every run diverged). */
  stepsDone: number;
  paramCount: number;
  stateFloatsPerParam: number;
}

/** The tensors the loop carries from one update to the next. */
interface LoopState {
  params: tf.Tensor[];
  optState: OptState;
}

/**
 * Which runs are still updated, and for a cohort where some are frozen, one bool mask per parameter
 * (the runs' slices true where updated). Rebuilt only when a run is frozen: full-size masks, because
 * tf.where tiles a [K, 1, ...] condition on every call and the Select kernel mishandles a [K] one
 * (tfjs 4.22 on cpu and wasm repeats element k of t and e over run k's slice).
 */
interface UpdateMask {
  active: boolean[];
  masks: tf.Tensor[] | null;
}

/** Trains the runs of one cohort (same data, model kind, optimizer kind, batch size and steps). */
export async function trainCohort(runs: PlannedRun[], data: Dataset, hooks: TrainHooks = {}): Promise<CohortOutcome> {
  const K = runs.length;
  const { train } = runs[0].config;
  const fullBatch = train.batch_size === 'full';
  const B = batchRows(train.batch_size, data.nTrain);
  const orders = runs.map((r) => new MinibatchOrder(r.seed, data.nTrain, B));
  const stepsPerEpoch = fullBatch ? 1 : orders[0].stepsPerEpoch;
  const ntkConfig = runs[0].config.metrics.ntk;
  const isNtkStep = (k: number) => ntkConfig !== undefined && (k === 0 || k === train.steps || k % ntkConfig.every === 0);
  // The curve is also logged at NTK steps, so both files describe the same parameters.
  const isEvalStep = (k: number) => k === 0 || k === train.steps || k % train.eval_every === 0 || isNtkStep(k);
  // Each run's own schedule: schedules are per-run settings, a cohort may mix them.
  const lrAt = (k: number) =>
    runs.map((r) => r.config.optimizer.lr * scheduleMultiplier(r.config.train.schedule, Math.max(k, 1), train.steps));

  const classification = data.task === 'classification';
  // Targets as the loss sees them: y [n, o] for regression, one-hot labels [n, C] for classification.
  const host: HostRows = { x: data.xTrain, y: targetMatrix(data, 'train'), dim: data.dim, outputs: data.outputs };
  const consts = tf.tidy(() => ({
    xTrain: tf.tensor2d(host.x, [data.nTrain, data.dim]),
    yTrain: tf.tensor2d(host.y, [data.nTrain, data.outputs]),
    xTest: tf.tensor2d(data.xTest, [data.nTest, data.dim]),
    yTest: tf.tensor2d(targetMatrix(data, 'test'), [data.nTest, data.outputs]),
  }));
  const model = buildModel(runs.map((r) => r.config.model), runs.map((r) => r.seed), data);
  const optimizer = buildOptimizer(runs.map((r) => r.config.optimizer), {
    xTrain: data.xTrain,
    nTrain: data.nTrain,
    dim: data.dim,
    modelKind: runs[0].config.model.kind,
  });
  const theta0 = model.init();
  let state: LoopState = { params: theta0.map((p) => tf.clone(p)), optState: optimizer.init(theta0) };
  let mask: UpdateMask = { active: new Array<boolean>(K).fill(true), masks: null };
  const theta0Norm = tf.tidy(() => normPerRun(theta0));
  const ntkProbe = ntkConfig === undefined ? null : new NtkProbe(model, data, ntkConfig.points, theta0, theta0Norm);
  const directionsProbe = DirectionsProbe.appliesTo(runs[0].config) ? new DirectionsProbe(runs.map((r) => r.config), data) : null;

  const curves: CurveRow[][] = runs.map(() => []);
  // A run has ended when its curve has its last row; it diverged at divergedAt (found on a minibatch
  // during training, or on the full training set at a logged step).
  const ended = new Array<boolean>(K).fill(false);
  const divergedAt: (number | null)[] = new Array(K).fill(null);
  // Each run's largest acceptable objective, float32 as the objective is; set from step 0's row.
  let limit: number[] = [];
  let lastUpdateNorm: tf.Tensor1D | null = null;
  const start = performance.now();
  let lastYield = start;
  let stepsDone = 0;

  try {
    for (let k = 0; ; k++) {
      if (isEvalStep(k)) {
        const m = evaluate(model, train.loss, classification, state.params, theta0, theta0Norm, consts, lastUpdateNorm);
        const wall = performance.now() - start;
        const lr = lrAt(k);
        for (let r = 0; r < K; r++) {
          if (ended[r]) continue;
          const row: CurveRow = {
            step: k, epoch: k / stepsPerEpoch, examples: k * B, wall_ms: wall, lr: lr[r],
            train_loss: m.trainLoss[r], test_loss: m.testLoss[r], objective: m.objective[r],
            grad_norm: m.gradNorm[r], update_norm: k === 0 ? 0 : m.updateNorm[r], param_dist: m.paramDist[r],
            ...(m.accuracy && { train_acc: m.accuracy.train[r], test_acc: m.accuracy.test[r] }),
          };
          const stepDiverged = divergedAt[r];
          if (stepDiverged !== null) {
            // Its parameters were frozen at step `stepDiverged`: the metrics just computed are theirs.
            const last = curves[r].at(-1);
            if (last === undefined || last.step < stepDiverged) {
              curves[r].push({ ...row, step: stepDiverged, epoch: stepDiverged / stepsPerEpoch, examples: stepDiverged * B, update_norm: NaN });
            }
            ended[r] = true;
            continue;
          }
          curves[r].push(row);
          const initial = curves[r][0].objective;
          if (!Number.isFinite(row.objective) || (initial > 0 && row.objective > DIVERGENCE_FACTOR * initial)) {
            divergedAt[r] = k;
            ended[r] = true;
          }
        }
        const measuring = ended.map((e, r) => !e || divergedAt[r] === k);
        if (isNtkStep(k)) ntkProbe?.measure(k, state.params, measuring);
        directionsProbe?.measure(k, state.params[0].dataSync() as Float32Array, measuring);
        if (k === 0) limit = curves.map((c) => Math.fround(c[0].objective > 0 ? DIVERGENCE_FACTOR * c[0].objective : Infinity));
        // Runs ended by the full-set check stop here too.
        mask = maskFor(mask, divergedAt.map((d) => d === null), state.params);
      }
      if (k === train.steps || ended.every(Boolean) || hooks.signal?.aborted) break;

      const t = k + 1;
      const batch = fullBatch ? null : nextBatch(orders, B, host);
      const withUpdateNorm = isEvalStep(t);
      const next = tidy(() => {
        const update = step(model, optimizer, train.loss, state, consts, batch, K, B, t, lrAt(t));
        // A run whose minibatch objective at its step t-1 parameters is non-finite or beyond its limit
        // diverged at t-1: its update is not applied. Reading K floats back costs ~1 µs on the cpu, wasm
        // and tensorflow backends, whose kernels have all run by now, and spares every step a full-size mask.
        const objective = update.objective.dataSync();
        objective.forEach((value, r) => {
          if (divergedAt[r] === null && !(Number.isFinite(value) && value <= limit[r])) divergedAt[r] = t - 1;
        });
        mask = maskFor(mask, divergedAt.map((d) => d === null), state.params);
        const params = applyUpdates(state.params, update.updates, mask);
        const updateNorm = withUpdateNorm ? normPerRun(params.map((p, i) => tf.sub(p, state.params[i]))) : null;
        return { state: { params, optState: update.optState }, updateNorm };
      });
      tf.dispose([state.params, state.optState as tf.Tensor[], lastUpdateNorm ?? []]);
      state = next.state;
      lastUpdateNorm = next.updateNorm;
      stepsDone = t;
      hooks.onStep?.(t);
      if (performance.now() - lastYield > 50) {
        // Let timers (progress bars) and signal handlers run during long cohorts.
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
    const finals = await Promise.all(state.params.map((p) => p.data() as Promise<Float32Array>));
    const wallTimeMs = performance.now() - start;
    return {
      runs: runs.map((run, r) => ({
        run,
        status: divergedAt[r] !== null ? 'diverged' : stepsDone === train.steps ? 'complete' : 'interrupted',
        divergedAt: divergedAt[r],
        curve: curves[r],
        finalParams: finals.map((f) => f.slice((f.length / K) * r, (f.length / K) * (r + 1))),
        ntk: ntkProbe?.rows[r] ?? null,
        kernels: ntkProbe?.kernels[r] ?? null,
        directions: directionsProbe?.rows[r] ?? null,
      })),
      wallTimeMs,
      stepsDone,
      paramCount: model.paramCount,
      stateFloatsPerParam: optimizer.stateFloatsPerParam,
    };
  } finally {
    tf.dispose([state.params, state.optState as tf.Tensor[], mask.masks ?? [], theta0, theta0Norm]);
    tf.dispose([lastUpdateNorm ?? [], consts.xTrain, consts.yTrain, consts.xTest, consts.yTest]);
    ntkProbe?.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

/** Training rows on the host: minibatches are copied out here and uploaded, cheaper than a gather on device. */
interface HostRows {
  x: Float32Array;
  y: Float32Array;
  dim: number;
  outputs: number;
}

/** Next minibatch of every run, run-major: x [K * B * d] and y [K * B * o]. */
function nextBatch(orders: MinibatchOrder[], B: number, rows: HostRows): { x: Float32Array; y: Float32Array } {
  const indices = new Int32Array(orders.length * B);
  orders.forEach((o, r) => o.next(indices, r * B));
  return { x: copyRows(rows.x, rows.dim, indices), y: copyRows(rows.y, rows.outputs, indices) };
}

/**
 * Rows `indices` of a row-major matrix with `width` columns. A short row is copied element by element:
 * `set` of a subarray costs ~50 ns per call whatever its length, which is most of the time for the
 * 1-to-32-float rows of small regressions (64 runs x 32 rows a step); long rows (images) use `set`.
 */
function copyRows(values: Float32Array, width: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * width);
  // Plain loops: a closure per row (indices.forEach) took twice as long at 64 runs x 32 rows of 33 floats.
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * width;
    const to = i * width;
    if (width >= SHORT_ROW) out.set(values.subarray(from, from + width), to);
    else for (let j = 0; j < width; j++) out[to + j] = values[from + j];
  }
  return out;
}

/** Rows shorter than this are copied element by element (measured: 10x faster for 1 float, even at 32, 3x slower at 784). */
const SHORT_ROW = 64;

interface DataTensors {
  xTrain: tf.Tensor2D;
  yTrain: tf.Tensor2D;
  xTest: tf.Tensor2D;
  yTest: tf.Tensor2D;
}

/**
 * Update t of every run: its minibatch objective at the current parameters (those of step t-1) and the
 * optimizer's updates, not yet applied.
 */
function step(
  model: CohortModel,
  optimizer: Optimizer,
  loss: LossKind,
  state: LoopState,
  data: DataTensors,
  batch: { x: Float32Array; y: Float32Array } | null,
  K: number,
  B: number,
  t: number,
  lr: number[],
): { objective: tf.Tensor1D; updates: tf.Tensor[]; optState: OptState } {
  const x = batch === null ? data.xTrain : tf.tensor3d(batch.x, [K, B, data.xTrain.shape[1]]);
  const y = batch === null ? data.yTrain : tf.tensor3d(batch.y, [K, B, data.yTrain.shape[1]]);
  const { objective, grads } = objectiveAndGrads(model, loss, state.params, x, y);
  const { updates, state: optState } = optimizer.update(grads, state.optState, state.params, { count: t, lr });
  return { objective, updates, optState };
}

/** The mask for runs `active` (true: updated), reusing `previous` when the set is unchanged. */
function maskFor(previous: UpdateMask, active: boolean[], params: tf.Tensor[]): UpdateMask {
  if (active.every((a, r) => a === previous.active[r])) return previous;
  tf.dispose(previous.masks ?? []);
  if (active.every(Boolean)) return { active, masks: null };
  const masks = tf.tidy(() => {
    const runs = tf.tensor1d(active.map((a) => (a ? 1 : 0)), 'bool');
    return params.map((p) => tf.broadcastTo(tf.reshape(runs, [active.length, ...new Array(p.rank - 1).fill(1)]), p.shape));
  });
  return { active, masks: masks.map((m) => tf.keep(m)) };
}

/** theta + u for the updated runs; the frozen runs keep theta. */
function applyUpdates(params: tf.Tensor[], updates: tf.Tensor[], { masks }: UpdateMask): tf.Tensor[] {
  return params.map((p, i) => (masks === null ? tf.add(p, updates[i]) : tf.where(masks[i], tf.add(p, updates[i]), p)));
}

/** Metrics of every run at its current parameters, read back in one transfer. */
function evaluate(
  model: CohortModel,
  loss: LossKind,
  classification: boolean,
  params: tf.Tensor[],
  theta0: tf.Tensor[],
  theta0Norm: tf.Tensor1D,
  data: DataTensors,
  updateNorm: tf.Tensor1D | null,
) {
  const K = theta0Norm.shape[0];
  const rows = tf.tidy(() => {
    const { grads, ...train } = objectiveAndGrads(model, loss, params, data.xTrain, data.yTrain);
    const test = objectivePerRun(model, loss, params, data.xTest, data.yTest);
    const paramDist = distanceFromInit(params, theta0, theta0Norm);
    const rows = [train.loss, test.loss, train.objective, normPerRun(grads), paramDist, updateNorm ?? tf.zeros([K])];
    if (classification) {
      rows.push(accuracyPerRun(model.apply(params, data.xTrain), data.yTrain), accuracyPerRun(model.apply(params, data.xTest), data.yTest));
    }
    return tf.stack(rows);
  });
  const v = rows.dataSync() as Float32Array;
  rows.dispose();
  const row = (i: number) => Array.from(v.subarray(i * K, (i + 1) * K));
  return {
    trainLoss: row(0), testLoss: row(1), objective: row(2), gradNorm: row(3), paramDist: row(4), updateNorm: row(5),
    accuracy: classification ? { train: row(6), test: row(7) } : null,
  };
}
