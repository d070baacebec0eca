// Trains one cohort: K runs that share every shape, as one computation with a leading run axis
// (DESIGN.md "Cohorts"). K = 1 is the same code path. The loop reads in phases: at a logged step, log
// (cohortCurves.ts) and probe; then batch (minibatches.ts) and step. It owns every tensor it keeps and
// disposes the previous step's state in one place.
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { buildModel } from '../models/build.js';
import type { CohortModel } from '../models/types.js';
import { buildOptimizer } from '../optim/build.js';
import type { OptState, Optimizer } from '../optim/types.js';
import type { DirectionRow, NtkRow, SharpnessRow } from '../output/metricRows.js';
import type { CurveRow } from '../output/types.js';
import type { PlannedRun } from '../plan/types.js';
import { accuracyPerRun } from './accuracy.js';
import { CohortCurves, type CohortMetrics } from './cohortCurves.js';
import { DirectionsProbe } from './directionsProbe.js';
import { distanceFromInit } from './distanceFromInit.js';
import { targetMatrix } from './loss.js';
import { batchRows, CohortMinibatches, stepsPerEpoch } from './minibatches.js';
import { NtkPrediction } from './ntkPrediction.js';
import { NtkProbe, type RunKernels } from './ntkProbe.js';
import { SharpnessProbe } from './sharpnessProbe.js';
import { stepPlan } from './stepPlan.js';
import { tidy } from './tidy.js';
import { normPerRun, objectiveAndGrads, objectivePerRun } from './objective.js';

/** Hooks for progress and interruption. */
export interface TrainHooks {
  /** Called after each update with the number of updates done. */
  onStep?(step: number): void;
  /** When aborted, training stops at the next update and unfinished runs are `interrupted`. */
  signal?: AbortSignal;
  /** Per run, the final parameters of the run it starts from (model.init_from), null for its seed's init. */
  initialFrom?: (Float32Array[] | null)[];
}

/** What training produced for one run. */
export interface RunOutcome {
  run: PlannedRun;
  status: 'complete' | 'diverged' | 'interrupted';
  /** First step whose parameters broke the divergence rule (divergence.ts), or null. */
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
  /** sharpness.csv rows, when metrics.sharpness is set. */
  sharpness: SharpnessRow[] | null;
  /** The largest lr at which the NTK-predicted dynamics are stable, when metrics.ntk.predict is set. */
  maxStableLr: number | null;
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
  const ntkConfig = runs[0].config.metrics.ntk;
  const sharpnessConfig = runs[0].config.metrics.sharpness;
  const { isNtkStep, isSharpnessStep, isEvalStep, lrAt } = stepPlan(runs);

  // Targets as the loss sees them: y [n, o] for regression, one-hot labels [n, C] for classification.
  const yTrain = targetMatrix(data, 'train');
  const consts = tf.tidy(() => ({
    xTrain: tf.tensor2d(data.xTrain, [data.nTrain, data.dim]),
    yTrain: tf.tensor2d(yTrain, [data.nTrain, data.outputs]),
    xTest: tf.tensor2d(data.xTest, [data.nTest, data.dim]),
    yTest: tf.tensor2d(targetMatrix(data, 'test'), [data.nTest, data.outputs]),
  }));
  const rows = { x: data.xTrain, y: yTrain, n: data.nTrain, dim: data.dim, outputs: data.outputs };
  const minibatches = fullBatch ? null : new CohortMinibatches(runs.map((r) => r.seed), rows, B);
  const model = buildModel(runs.map((r) => r.config.model), runs.map((r) => r.seed), data, hooks.initialFrom);
  const optimizer = buildOptimizer(runs.map((r) => r.config.optimizer), {
    xTrain: data.xTrain,
    nTrain: data.nTrain,
    dim: data.dim,
    modelKind: runs[0].config.model.kind,
  });
  const theta0 = model.init();
  const theta0Norm = tf.tidy(() => normPerRun(theta0));
  const training: Training = { model, optimizer, loss: train.loss, classification: data.task === 'classification', data: consts, theta0, theta0Norm };
  let state: LoopState = { params: theta0.map((p) => tf.clone(p)), optState: optimizer.init(theta0) };
  let mask: UpdateMask = { active: new Array<boolean>(K).fill(true), masks: null };
  const ntkProbe = ntkConfig === undefined ? null : new NtkProbe(model, data, ntkConfig.points, theta0, theta0Norm, runs.map((r) => r.config.model));
  const sharpnessProbe =
    sharpnessConfig === undefined ? null : new SharpnessProbe(model, train.loss, optimizer, runs, data, sharpnessConfig);
  const directionsProbe = DirectionsProbe.appliesTo(runs[0].config) ? new DirectionsProbe(runs.map((r) => r.config), data, lrAt) : null;

  const curves = new CohortCurves(K, { stepsPerEpoch: stepsPerEpoch(data.nTrain, B), batchSize: B });
  let lastUpdateNorm: tf.Tensor1D | null = null;
  const start = performance.now();
  let lastYield = start;
  let stepsDone = 0;
  // Built after `start`: the kernel on the whole training set is part of the run's cost.
  const prediction = ntkConfig?.predict ? new NtkPrediction(model, theta0, consts, runs.map((r) => r.config.optimizer)) : null;

  try {
    for (let k = 0; ; k++) {
      if (isEvalStep(k)) {
        // Log: the metrics of the parameters after k updates, on the full training and test sets.
        const metrics = { ...evaluate(training, state.params, lastUpdateNorm), predicted: prediction?.losses() ?? null };
        curves.log(k, metrics, { wallMs: performance.now() - start, lr: lrAt(k) });
        // Probe: the kernel and the directions of the same parameters.
        const measuring = curves.measuringAt(k);
        if (isNtkStep(k)) ntkProbe?.measure(k, state.params, measuring);
        if (isSharpnessStep(k)) sharpnessProbe?.measure(k, state.params, state.optState, lrAt(k), measuring);
        directionsProbe?.measure(k, state.params[0].dataSync() as Float32Array, state.params[1].dataSync() as Float32Array, measuring);
        // Runs ended by the full-set check stop here too.
        mask = maskFor(mask, curves.updating(), state.params);
      }
      if (k === train.steps || curves.allEnded() || hooks.signal?.aborted) break;

      const t = k + 1;
      const at = { count: t, lr: lrAt(t) };
      let batchIndices: Int32Array | null = null;
      const next = tidy(() => {
        // Batch, then step.
        const batch = minibatches?.next() ?? { x: consts.xTrain, y: consts.yTrain, indices: null };
        batchIndices = batch.indices;
        const update = step(training, state, batch, at);
        // A run whose minibatch objective at its step t-1 parameters breaks the rule diverged at t-1: its
        // update is not applied. Reading K floats back costs ~1 µs on the cpu, wasm and tensorflow
        // backends, whose kernels have all run by now, and spares every step a full-size mask.
        curves.checkMinibatch(t - 1, update.objective.dataSync());
        mask = maskFor(mask, curves.updating(), state.params);
        const params = applyUpdates(state.params, update.updates, mask);
        const updateNorm = isEvalStep(t) ? normPerRun(params.map((p, i) => tf.sub(p, state.params[i]))) : null;
        return { state: { params, optState: update.optState }, updateNorm };
      });
      tf.dispose([state.params, state.optState as tf.Tensor[], lastUpdateNorm ?? []]);
      // The prediction follows the same batch, lr and count (outside the tidy: it keeps its own state).
      prediction?.step(batchIndices, at);
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
        status: curves.status(r, stepsDone, train.steps),
        divergedAt: curves.divergedAt[r],
        curve: curves.curves[r],
        finalParams: finals.map((f) => f.slice((f.length / K) * r, (f.length / K) * (r + 1))),
        ntk: ntkProbe?.rows[r] ?? null,
        kernels: ntkProbe?.kernels[r] ?? null,
        directions: directionsProbe?.rows[r] ?? null,
        sharpness: sharpnessProbe?.rows[r] ?? null,
        maxStableLr: prediction?.maxStableLr[r] ?? null,
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
    sharpnessProbe?.dispose();
    prediction?.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

interface DataTensors {
  xTrain: tf.Tensor2D;
  yTrain: tf.Tensor2D;
  xTest: tf.Tensor2D;
  yTest: tf.Tensor2D;
}

/** What every update and evaluation of a cohort works with. */
interface Training {
  model: CohortModel;
  optimizer: Optimizer;
  loss: LossKind;
  classification: boolean;
  data: DataTensors;
  theta0: tf.Tensor[];
  /** ||theta0|| per run, [K]. */
  theta0Norm: tf.Tensor1D;
}

/**
 * Update t (`at.count`) of every run: its objective on `batch` (x [K, B, d] and y [K, B, o], or the full
 * training set) at the current parameters (those of step t-1) and the optimizer's updates, not yet applied.
 */
function step(
  { model, optimizer, loss }: Training,
  state: LoopState,
  batch: { x: tf.Tensor; y: tf.Tensor },
  at: { count: number; lr: number[] },
): { objective: tf.Tensor1D; updates: tf.Tensor[]; optState: OptState } {
  const { objective, grads } = objectiveAndGrads(model, loss, state.params, batch.x, batch.y);
  const { updates, state: optState } = optimizer.update(grads, state.optState, state.params, at);
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
  { model, loss, classification, data, theta0, theta0Norm }: Training,
  params: tf.Tensor[],
  updateNorm: tf.Tensor1D | null,
): CohortMetrics {
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
