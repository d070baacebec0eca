// Builds the Dataset a run config names: generates or reads it, then standardizes it when asked.
import type { DataConfig } from '../config/types.js';
import { makeBlobs } from './blobs.js';
import { loadCsvDataset } from './csv.js';
import { makeLinearRegression } from './linearRegression.js';
import { loadMnist } from './mnist.js';
import { makeMoons } from './moons.js';
import { makeSpirals } from './spirals.js';
import { standardize } from './standardize.js';
import { makeTeacherMlp } from './teacherMlp.js';
import type { Dataset } from './types.js';

/** The dataset of `cfg` (SPEC.md §5), features z-scored with the training statistics if `cfg.standardize`. */
export async function loadDataset(cfg: DataConfig): Promise<Dataset> {
  const raw = await loadRawDataset(cfg);
  return cfg.standardize ? standardize(raw) : raw;
}

async function loadRawDataset(cfg: DataConfig): Promise<Dataset> {
  switch (cfg.kind) {
    case 'linear-regression':
      return makeLinearRegression(cfg);
    case 'csv':
      return loadCsvDataset(cfg);
    case 'teacher-mlp':
      return makeTeacherMlp(cfg);
    case 'moons':
      return makeMoons(cfg);
    case 'spirals':
      return makeSpirals(cfg);
    case 'blobs':
      return makeBlobs(cfg);
    case 'mnist':
      return loadMnist(cfg);
    default: {
      const unknown: never = cfg;
      throw new Error(`unknown dataset kind ${JSON.stringify((unknown as { kind: unknown }).kind)}`);
    }
  }
}
