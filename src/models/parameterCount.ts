// The size of a model from its config alone: its dense layers' widths and parameters per run. The one place
// for both, read by the built models (paramCount in run.json) and by the cost estimates that size cohorts and
// balance shards before any data is loaded or tensor made.
import type { InfiniteNtkModel, ModelConfig } from '../config/types.js';

/** The hidden-layer widths of a parametric model, input side first: none for linear and ridge. */
export function hiddenWidths(model: Exclude<ModelConfig, InfiniteNtkModel>): readonly number[] {
  return model.kind === 'linear' || model.kind === 'ridge' ? [] : model.hidden;
}

/** Whether its layers add a bias b: linear and ridge models always do. */
export function hasBias(model: Exclude<ModelConfig, InfiniteNtkModel>): boolean {
  return model.kind === 'linear' || model.kind === 'ridge' ? true : model.bias;
}

/** The widths n_0 = d, the hidden widths, o of a dense stack: layer l maps widths[l] to widths[l + 1]. */
export function layerWidths(hidden: readonly number[], inputs: number, outputs: number): number[] {
  return [inputs, ...hidden, outputs];
}

/** Parameters of one run in layers fromLayer.. of a dense stack: W [fan_in, fan_out] and, with bias, b [fan_out] each. */
export function denseParamCount(widths: readonly number[], bias: boolean, fromLayer = 0): number {
  let count = 0;
  for (let l = fromLayer; l < widths.length - 1; l++) count += widths[l] * widths[l + 1] + (bias ? widths[l + 1] : 0);
  return count;
}

/**
 * Parameters of one run of the model: every layer's weights and biases. A linear probe counts its frozen layers
 * too, since every step still runs them forward. infinite-ntk has none: it trains its predictions, not weights.
 */
export function modelParameterCount(model: ModelConfig, shape: { inputs: number; outputs: number }): number {
  if (model.kind === 'infinite-ntk') return 0;
  return denseParamCount(layerWidths(hiddenWidths(model), shape.inputs, shape.outputs), hasBias(model));
}
