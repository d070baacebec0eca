// What one training step of a run costs, estimated from its config and loaded dataset before anything trains:
// the float32 values it holds at once, and its time (per-op dispatch plus arithmetic). The one place for both,
// so that cohort sizes, the memory refusal and the order of the schedule agree.
import type { RunConfig } from '../config/types.js';
import type { Dataset } from '../data/types.js';
import { MOMENT_FLOATS_PER_PARAM, stateFloatsPerRun } from '../optim/stateSize.js';
import { hiddenWidths, modelParameterCount } from '../models/parameterCount.js';
import { batchRows } from '../train/minibatches.js';

/** The sizes of a run that its cost depends on. */
export interface RunShape {
  /** Parameters P (weights and biases of every layer). */
  params: number;
  /** Layers with weights (1 for linear models). */
  layers: number;
  inputs: number;
  outputs: number;
  /** Sum of the hidden widths: the activations per example beyond the input and the output. */
  hiddenUnits: number;
  /** Largest layer width, the input and the output included. */
  widestLayer: number;
  /** Rows of a minibatch B (the training set for full batch). */
  batchRows: number;
  /** Rows of the evaluation pass: the full training set (with gradients) or the test set, the larger. */
  evalRows: number;
  evalEvery: number;
  /** Optimizer state, in floats per run. */
  stateFloats: number;
  /** Float32 values per parameter the optimizer keeps as moments (0 for precond-gd, whose state is per run). */
  stateFloatsPerParam: number;
  /** NTK points (0 without metrics.ntk). */
  ntkPoints: number;
  /** Training and test examples of the NTK-predicted training (0 without metrics.ntk.predict). */
  predictedRows: { train: number; test: number };
  /** A linearized model carries a tangent beside every activation. */
  linearized: boolean;
  /** An infinite-ntk run holds Θ(train, train) and Θ(test, train): n_train + n_test rows of n_train columns (else 0 and 0). */
  kernelRows: number;
  kernelColumns: number;
}

export function runShapeOf(config: RunConfig, data: Dataset): RunShape {
  const { model, train, optimizer } = config;
  // infinite-ntk has no layers to run: its cost is its kernel's, kernelFloats.
  const hidden = model.kind === 'infinite-ntk' ? [] : hiddenWidths(model);
  const params = modelParameterCount(model, { inputs: data.dim, outputs: data.outputs });
  return {
    params,
    layers: hidden.length + 1,
    inputs: data.dim,
    outputs: data.outputs,
    hiddenUnits: hidden.reduce((sum, width) => sum + width, 0),
    widestLayer: Math.max(data.dim, data.outputs, ...hidden),
    batchRows: batchRows(train.batch_size, data.nTrain),
    evalRows: Math.max(data.nTrain, data.nTest),
    evalEvery: train.eval_every,
    stateFloats: stateFloatsPerRun(optimizer.kind, params, data.dim),
    stateFloatsPerParam: MOMENT_FLOATS_PER_PARAM[optimizer.kind],
    ntkPoints: config.metrics.ntk?.points ?? 0,
    predictedRows: config.metrics.ntk?.predict ? { train: data.nTrain, test: data.nTest } : { train: 0, test: 0 },
    linearized: model.kind === 'linearized',
    kernelRows: model.kind === 'infinite-ntk' ? data.nTrain + data.nTest : 0,
    kernelColumns: model.kind === 'infinite-ntk' ? data.nTrain : 0,
  };
}

/** A run's float32 values at the peak of a step, split by what they grow with (to name the field to reduce). */
export interface RunFloats {
  /** Parameters, gradients, updates, copies and optimizer state. */
  parameters: number;
  /** Activations and their gradients over the evaluation pass or a minibatch, the larger, and the minibatch itself. */
  activations: number;
  /** The NTK probe's layer traces and kernels, and those of the NTK-predicted training. */
  ntk: number;
  /** infinite-ntk's analytic kernels (train x train, test x train). */
  kernel: number;
  total: number;
}

/**
 * Floats one run of a cohort holds at the peak of a step (the evaluation pass, which also differentiates the
 * full training set), counted from src/train/trainCohort.ts's step and evaluate:
 * - parameters: θ, θ0 (kept for param_dist and the NTK), the gradient, the update, θ + update and the new θ
 *   (6 P), plus the optimizer state before and after the update (2 x its floats);
 * - activations: per example and unit a pre-activation, an activation and its gradient (3 x rows x (hidden +
 *   outputs)), twice for a linearized model (its tangent), plus the run's gathered minibatch B (d + o);
 * - NTK: the forward trace and the per-output back-propagated D of the points (p (hidden + o)(2 + 2 o)) and
 *   four p x p kernels (initial, latest, the one being summed and its change); with metrics.ntk.predict, the same
 *   trace and D over the n training and m test examples while the kernels are built, and the kernels kept,
 *   Θ(train, train) and Θ(test, train), twice (the sum and its new term): 2 (n² + m n).
 * The data tensors, shared by the cohort's runs, are `sharedFloats`.
 */
export function runFloats(shape: RunShape): RunFloats {
  const parameters = 6 * shape.params + 2 * shape.stateFloats;
  const units = shape.hiddenUnits + shape.outputs;
  const rows = Math.max(shape.batchRows, shape.evalRows);
  const activations = 3 * rows * units * (shape.linearized ? 2 : 1) + shape.batchRows * (shape.inputs + shape.outputs);
  const p = shape.ntkPoints;
  const probe = p === 0 ? 0 : p * units * (2 + 2 * shape.outputs) + 4 * p * p;
  const { train: n, test: m } = shape.predictedRows;
  const ntk = probe + (n + m) * units * (2 + 2 * shape.outputs) + 2 * (n * n + m * n);
  const kernel = shape.kernelRows * shape.kernelColumns;
  return { parameters, activations, ntk, kernel, total: parameters + activations + ntk + kernel };
}

/** Floats every cohort holds once, whatever its size: the training and test sets on the device. */
export function sharedFloats(data: Dataset): number {
  return (data.nTrain + data.nTest) * (data.dim + data.outputs);
}

/** Elements of the largest single tensor of one run: a weight matrix or a layer's activations over the evaluation rows. */
export function largestTensorElements(shape: RunShape): number {
  const kernel = shape.predictedRows.train ** 2;
  return Math.max(shape.widestLayer * shape.widestLayer, Math.max(shape.batchRows, shape.evalRows) * shape.widestLayer, kernel);
}

/**
 * Per-op and arithmetic speed of a backend, measured on this project's 2-core machines (tfjs 4.22; the issue
 * "Speed", docs/performance.md): a tfjs op costs ~8 µs of dispatch on wasm, ~4 µs on cpu; 2-D products reach
 * ~12 GFLOP/s on wasm (XNNPACK, the figure src/models/cohortMatMul.ts uses) and ~0.5 GFLOP/s on pure-JS cpu.
 * Native TensorFlow was not measured here: it is given wasm's figures.
 */
export interface BackendSpeed {
  secondsPerOp: number;
  flopsPerSecond: number;
}

const BACKEND_SPEEDS: Record<string, BackendSpeed> = {
  wasm: { secondsPerOp: 8e-6, flopsPerSecond: 12e9 },
  cpu: { secondsPerOp: 4e-6, flopsPerSecond: 0.5e9 },
};

export function backendSpeed(backend: string): BackendSpeed {
  return BACKEND_SPEEDS[backend] ?? BACKEND_SPEEDS.wasm;
}

/**
 * tfjs kernels of one training step of a cohort, whatever its size: counted with tf.profile over 100 steps of
 * this version's step (hand-written backward pass, Adam fused into one kernel): linear + sgd 13, + momentum 19,
 * + adam 15; each more dense layer +13 with sgd, +15 with adam; i.e. layers x (13 + 3 x state floats per
 * parameter) within 25%.
 */
export function opsPerStep(shape: RunShape): number {
  return shape.layers * (13 + 3 * shape.stateFloatsPerParam);
}

/**
 * Arithmetic of one run's step, in flops: the forward product and the two backward products of every layer,
 * 2 flops per multiply-add (6 B P), plus the evaluation pass (a full-batch gradient, 6 n_train P, and the test
 * forward, 2 n_test P) spread over the eval_every steps it serves. Elementwise work (activations, the
 * optimizer's ~10 P) is left out: under a tenth of the products from B >= 16.
 */
export function flopsPerStep(shape: RunShape): number {
  // infinite-ntk: a batch's B kernel rows times α [n, o] and the gradient scattered back (4 B n o), and the
  // evaluation's n + m rows times α, spread over the eval_every steps it serves.
  const [rows, columns] = [shape.kernelRows, shape.kernelColumns];
  const kernel = 4 * shape.batchRows * columns * shape.outputs + (2 * rows * columns * shape.outputs) / shape.evalEvery;
  return 6 * shape.batchRows * shape.params + (8 * shape.evalRows * shape.params) / shape.evalEvery + kernel;
}

/** Seconds of one step of a cohort of `runs` runs of this shape: one dispatch of its ops, and every run's arithmetic. */
export function stepSeconds(shape: RunShape, runs: number, backend: string): number {
  const speed = backendSpeed(backend);
  return opsPerStep(shape) * speed.secondsPerOp + (runs * flopsPerStep(shape)) / speed.flopsPerSecond;
}
