// A model's size from its config, against counts done by hand: W [fan_in, fan_out] plus b [fan_out] per layer.
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../src/config/types.js';
import { denseParamCount, layerWidths, modelParameterCount } from '../../src/models/parameterCount.js';

const network = (kind: 'mlp' | 'linear-probe', bias: boolean): ModelConfig => ({
  kind, hidden: [5, 4], activation: 'relu', bias, parameterization: 'standard', w_std: 1, b_std: 0.1, output_scale: 1, center: false,
});

describe('modelParameterCount', () => {
  it('counts a linear model as (d + 1) o', () => {
    // W [3, 2] + b [2] = 8.
    expect(modelParameterCount({ kind: 'linear', init: 'zeros' }, { inputs: 3, outputs: 2 })).toBe(8);
    expect(modelParameterCount({ kind: 'ridge', init: 'zeros', lambda: 0.1 }, { inputs: 3, outputs: 2 })).toBe(8);
  });

  it('counts every layer of a network, a linear probe its frozen ones too', () => {
    // 3 -> 5 -> 4 -> 2: 15 + 5 + 20 + 4 + 8 + 2 = 54, without biases 43.
    expect(modelParameterCount(network('mlp', true), { inputs: 3, outputs: 2 })).toBe(54);
    expect(modelParameterCount(network('mlp', false), { inputs: 3, outputs: 2 })).toBe(43);
    expect(modelParameterCount(network('linear-probe', true), { inputs: 3, outputs: 2 })).toBe(54);
  });

  it('counts the layers from a given one (a probe trains only its last: 4 x 2 + 2)', () => {
    expect(denseParamCount(layerWidths([5, 4], 3, 2), true, 2)).toBe(10);
  });
});
