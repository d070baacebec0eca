// The architecture of a cohort's dense network (SPEC §4 `mlp`), shared by the mlp, linear-probe and
// linearized models: widths, activation, bias, and each layer's per-run weight and bias multipliers.
import type * as tf from '@tensorflow/tfjs';
import type { Activation, NetworkModel } from '../config/types.js';
import { denseParamCount, layerWidths } from './parameterCount.js';
import { disposePerRun } from '../lib/perRunValue.js';
import { runScale, type RunScale } from './runScale.js';

/** One dense layer's parameters for K runs: W [K, fan_in, fan_out], b [K, fan_out] (null without bias). */
export interface DenseLayer {
  W: tf.Tensor3D;
  b: tf.Tensor2D | null;
}

/**
 * Layer l (0-based, L layers) computes z_l = scale_l (h_{l-1} W_l) + bscale_l b_l from h_{-1} = x;
 * h_l = phi(z_l) for l < L - 1, and the output is f = alpha z_{L-1} (minus its value at theta0 when centered).
 */
export interface NetworkStructure {
  /** n_0 = d inputs, the hidden widths, o outputs: layer l maps widths[l] to widths[l + 1]. */
  widths: number[];
  activation: Activation;
  bias: boolean;
  /** scale_l per run: 1 (standard) or w_std / sqrt(fan_in) (ntk, neural-tangents' stax.Dense). */
  weightScales: RunScale[];
  /** bscale_l per run: 1 (standard) or b_std (ntk). */
  biasScales: RunScale[];
  /** alpha per run: output_scale. */
  outputScale: RunScale;
  /** c per run: 1 when the run is centered (f = alpha (g(x, theta) - g(x, theta0))), else 0. */
  center: RunScale;
}

/** The network fields of a model config (mlp, linear-probe and linearized share them). */
export type NetworkSettings = Omit<NetworkModel, 'kind'>;

/**
 * The structure of K runs' networks with `dim` inputs and `outputs` outputs. hidden, activation and
 * bias fix tensor shapes and must agree; parameterization, w_std, b_std, output_scale and center may
 * differ per run.
 */
export function networkStructure(configs: NetworkSettings[], dim: number, outputs: number): NetworkStructure {
  const first = configs[0];
  for (const c of configs) {
    if (c.hidden.join() !== first.hidden.join() || c.activation !== first.activation || c.bias !== first.bias) {
      throw new Error('the runs of a cohort must share hidden widths, activation and bias');
    }
  }
  const widths = layerWidths(first.hidden, dim, outputs);
  const fanIns = widths.slice(0, -1);
  return {
    widths,
    activation: first.activation,
    bias: first.bias,
    weightScales: fanIns.map((fanIn) =>
      runScale(configs.map((c) => (c.parameterization === 'ntk' ? c.w_std / Math.sqrt(fanIn) : 1))),
    ),
    biasScales: fanIns.map(() => runScale(configs.map((c) => (c.parameterization === 'ntk' ? c.b_std : 1)))),
    outputScale: runScale(configs.map((c) => c.output_scale)),
    center: runScale(configs.map((c) => (c.center ? 1 : 0))),
  };
}

export function layerCount(net: NetworkStructure): number {
  return net.widths.length - 1;
}

/** Names of the parameters of layers fromLayer..L-1: W0, b0, W1, b1, ... (no b without bias). */
export function paramNamesFrom(net: NetworkStructure, fromLayer: number): string[] {
  const names: string[] = [];
  for (let l = fromLayer; l < layerCount(net); l++) names.push(...(net.bias ? [`W${l}`, `b${l}`] : [`W${l}`]));
  return names;
}

/** Parameters of one run in layers fromLayer..L-1. */
export function paramCountFrom(net: NetworkStructure, fromLayer: number): number {
  return denseParamCount(net.widths, net.bias, fromLayer);
}

/** Groups a flat parameter list ([W, b] per layer, in paramNamesFrom's order) into layers. */
export function layersOf(net: NetworkStructure, params: tf.Tensor[]): DenseLayer[] {
  const perLayer = net.bias ? 2 : 1;
  const layers: DenseLayer[] = [];
  for (let i = 0; i < params.length; i += perLayer) {
    layers.push({ W: params[i] as tf.Tensor3D, b: net.bias ? (params[i + 1] as tf.Tensor2D) : null });
  }
  return layers;
}

/** The flat parameter list of some layers (the inverse of layersOf). */
export function flatParams(layers: DenseLayer[]): tf.Tensor[] {
  return layers.flatMap(({ W, b }) => (b === null ? [W] : [W, b]));
}

/** Releases the per-run multipliers. */
export function disposeStructure(net: NetworkStructure): void {
  [...net.weightScales, ...net.biasScales, net.outputScale, net.center].forEach(disposePerRun);
}
