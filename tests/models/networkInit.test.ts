// drawNetworkParams with `from` (model.init_from): the layers it names are copied from the source run's
// parameters, the others are the seed's own draws, whatever the source holds.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { networkStructure, type NetworkSettings } from '../../src/models/network.js';
import { drawNetworkParams } from '../../src/models/networkInit.js';
import { describeEachBackend } from '../helpers/backends.js';

const settings: NetworkSettings = { hidden: [3, 4], activation: 'relu', bias: true, parameterization: 'standard', w_std: 1, b_std: 0.1, output_scale: 1, center: false };

describeEachBackend('drawNetworkParams from a source run', () => {
  it('copies the source into the first layers and keeps the seed draw after them', () => {
    const net = networkStructure([settings, settings], 2, 1);
    // a source with recognisable values: tensor i holds i + 0.5, i + 1.5, ... (W0 2x3, b0 3, W1 3x4, b1 4, W2 4x1, b2 1)
    const sizes = [6, 3, 12, 4, 4, 1];
    const source = sizes.map((n, i) => Float32Array.from({ length: n }, (_, j) => i + j + 0.5));
    const own = drawNetworkParams(net, [settings, settings], [7, 8]);
    const mixed = drawNetworkParams(net, [settings, settings], [7, 8], [null, source], 2);
    for (let i = 0; i < sizes.length; i++) {
      const [[ownRun0, ownRun1], [mixedRun0, mixedRun1]] = tf.tidy(() => [own[i], mixed[i]].map((t) => tf.unstack(t).map((run) => Array.from(run.dataSync()))));
      expect(mixedRun0).toEqual(ownRun0); // run 0 has no source
      expect(mixedRun1).toEqual(i < 4 ? Array.from(source[i]) : ownRun1); // layers 0 and 1 from the source, the head its seed's
    }
    tf.dispose([...own, ...mixed]);
  });
});
