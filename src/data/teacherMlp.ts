// The `teacher-mlp` dataset: Gaussian inputs labelled by a random MLP (the teacher) plus noise, a
// regression target that a student network of enough width can fit exactly.
//
// Definition (SPEC §5), with d = dim, widths n_0 = d, n_1..n_L = hidden, n_{L+1} = outputs:
//   x ~ N(0, I_d)                              each row, train and test alike
//   W_l ~ N(0, g / n_{l-1}),  l = 1..L+1       the standard parameterization's init (SPEC §4): g = 2
//                                              for relu (He), else 1 (LeCun); its biases are 0, so
//                                              the teacher has none
//   h_0 = x,  h_l = phi(h_{l-1} W_l) for l <= L,  teacher(x) = h_L W_{L+1}   (no phi on the output)
//   y = teacher(x) + noise · ε,  ε ~ N(0, I_outputs)
// The teacher is drawn from cfg.seed (layer by layer, each W row-major [n_{l-1}, n_l]); inputs and
// noise of train and test each have their own stream of cfg.seed. Maths is float64; the stored
// Dataset is float32.
import type { TeacherMlpData } from '../config/types.js';
import { Rng } from '../lib/rng.js';
import { activate } from './activations.js';
import type { Dataset } from './types.js';

/** The generated dataset and the teacher that labelled it. */
export interface TeacherMlpProblem {
  dataset: Dataset;
  /** W_1..W_{L+1}, each row-major [n_{l-1}, n_l]. */
  weights: Float64Array[];
}

/** The `teacher-mlp` dataset of SPEC §5 (not standardized: see loadDataset). */
export function makeTeacherMlp(cfg: TeacherMlpData): Dataset {
  return makeTeacherMlpProblem(cfg).dataset;
}

/** The `teacher-mlp` dataset together with its teacher's weights. */
export function makeTeacherMlpProblem(cfg: TeacherMlpData): TeacherMlpProblem {
  const { dim: d, outputs, seed } = cfg;
  const widths = [d, ...cfg.hidden, outputs];
  const gain = cfg.activation === 'relu' ? 2 : 1;
  const teacherRng = new Rng(seed, 'teacher-mlp/teacher');
  const weights = widths.slice(1).map((fanOut, l) => teacherRng.normals(widths[l] * fanOut, Math.sqrt(gain / widths[l])));

  const draw = (name: 'train' | 'test', n: number) => {
    const x = new Rng(seed, `teacher-mlp/${name}_x`).normals(n * d);
    const noise = new Rng(seed, `teacher-mlp/${name}_noise`);
    const y = teacherOutputs(x, n, widths, weights, cfg.activation).map((f) => f + cfg.noise * noise.normal());
    return { x: Float32Array.from(x), y: Float32Array.from(y) };
  };
  const train = draw('train', cfg.n_train);
  const test = draw('test', cfg.n_test);
  return {
    dataset: {
      task: 'regression',
      dim: d,
      outputs,
      nTrain: cfg.n_train,
      nTest: cfg.n_test,
      xTrain: train.x,
      yTrain: train.y,
      xTest: test.x,
      yTest: test.y,
      featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
    },
    weights,
  };
}

/** teacher(x) for n rows of x, row-major [n, outputs]. */
function teacherOutputs(x: Float64Array, n: number, widths: number[], weights: Float64Array[], activation: TeacherMlpData['activation']): Float64Array {
  let h = x;
  weights.forEach((W, l) => {
    const fanIn = widths[l];
    const fanOut = widths[l + 1];
    const isOutput = l === weights.length - 1;
    const next = new Float64Array(n * fanOut);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < fanOut; k++) {
        let z = 0;
        for (let j = 0; j < fanIn; j++) z += h[i * fanIn + j] * W[j * fanOut + k];
        next[i * fanOut + k] = isOutput ? z : activate(activation, z);
      }
    }
    h = next;
  });
  return h;
}
