// Draws a cohort network's initial parameters theta_0, each run from its own seed (stream "init"),
// so a run starts from the same point whether it trains alone or in a cohort.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../lib/rng.js';
import { layerCount, type NetworkSettings, type NetworkStructure } from './network.js';

/**
 * theta_0 of every layer, flat ([W0, b0, W1, b1, ...], each [K, ...]). Per run (SPEC §4):
 * standard: W ~ N(0, 2/fan_in) for relu else N(0, 1/fan_in) (every layer, the last included), b = 0;
 * ntk: W, b ~ N(0, 1). A run's draws are, layer by layer, W row-major then b (ntk only), as float64
 * rounded to float32. A run with `from[k]` (the final parameters of the run it starts from, model.init_from; one
 * Float32Array per tensor of one run, flat order) takes layers 0..fromLayers-1 from it instead (its draws still
 * happen, so the layers after them are those of its seed).
 */
export function drawNetworkParams(
  net: NetworkStructure,
  configs: NetworkSettings[],
  seeds: number[],
  from: (Float32Array[] | null)[] = [],
  fromLayers = layerCount(net),
): tf.Tensor[] {
  const K = configs.length;
  const L = layerCount(net);
  const weights = net.widths.slice(0, -1).map((fanIn, l) => new Float32Array(K * fanIn * net.widths[l + 1]));
  const biases = net.widths.slice(1).map((fanOut) => new Float32Array(K * fanOut));
  configs.forEach((config, k) => {
    const rng = new Rng(seeds[k], 'init');
    for (let l = 0; l < L; l++) {
      const fanIn = net.widths[l];
      const fanOut = net.widths[l + 1];
      const ntk = config.parameterization === 'ntk';
      const gain = config.activation === 'relu' ? 2 : 1;
      weights[l].set(rng.normals(fanIn * fanOut, ntk ? 1 : Math.sqrt(gain / fanIn)), k * fanIn * fanOut);
      if (net.bias && ntk) biases[l].set(rng.normals(fanOut), k * fanOut);
      const source = from[k];
      if (source && l < fromLayers) {
        const perLayer = net.bias ? 2 : 1;
        weights[l].set(source[perLayer * l], k * fanIn * fanOut);
        if (net.bias) biases[l].set(source[perLayer * l + 1], k * fanOut);
      }
    }
  });
  const params: tf.Tensor[] = [];
  for (let l = 0; l < L; l++) {
    params.push(tf.tensor3d(weights[l], [K, net.widths[l], net.widths[l + 1]]));
    if (net.bias) params.push(tf.tensor2d(biases[l], [K, net.widths[l + 1]]));
  }
  return params;
}
