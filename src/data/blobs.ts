// The `blobs` dataset: isotropic Gaussian clusters, one per class, as scikit-learn's make_blobs.
//
// Definition (sklearn.datasets.make_blobs with center_box (-10, 10)), for C = classes, d = dim:
//   centre_c ~ U[-10, 10)^d, drawn once from cfg.seed and shared by train and test
//   class c has m_c points (classSizes: ⌊m/C⌋, the first m mod C classes one more),
//   x = centre_c + spread · z,  z ~ N(0, I_d)
// Rows are shuffled. Train and test points use independent streams of cfg.seed.
import type { BlobsData } from '../config/types.js';
import { Rng } from '../lib/rng.js';
import { classificationDataset, classSizes, shuffledRows, type LabelledPoints } from './labelledPoints.js';
import type { Dataset } from './types.js';

/** Half the side of the box the centres are drawn in (make_blobs' center_box = (-10, 10)). */
const BLOB_BOX = 10;

/** The `blobs` dataset of SPEC §5 (not standardized: see loadDataset). */
export function makeBlobs(cfg: BlobsData): Dataset {
  const { dim, classes } = cfg;
  const centreRng = new Rng(cfg.seed, 'blobs/centres');
  const centres = Float64Array.from({ length: classes * dim }, () => BLOB_BOX * (2 * centreRng.uniform() - 1));
  const split = (name: 'train' | 'test', m: number) =>
    shuffledRows(blobPoints(m, centres, cfg, new Rng(cfg.seed, `blobs/${name}_points`)), dim, new Rng(cfg.seed, `blobs/${name}_order`));
  return classificationDataset(dim, classes, split('train', cfg.n_train), split('test', cfg.n_test));
}

/** m points round the centres (row-major [classes, dim]), class by class. */
function blobPoints(m: number, centres: Float64Array, cfg: BlobsData, rng: Rng): LabelledPoints {
  const { dim, classes, spread } = cfg;
  const x = new Float64Array(m * dim);
  const labels = new Int32Array(m);
  let i = 0;
  classSizes(m, classes).forEach((size, c) => {
    for (let k = 0; k < size; k++, i++) {
      for (let j = 0; j < dim; j++) x[i * dim + j] = centres[c * dim + j] + spread * rng.normal();
      labels[i] = c;
    }
  });
  return { x, labels };
}
