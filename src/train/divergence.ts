// The divergence rule (SPEC §3): when a run's objective says it has blown up, so that training stops it.
// One rule for both places it is checked: every update's minibatch objective, and the full training set's
// at logged steps.

/** A run stops being trained when its objective exceeds this multiple of its initial objective. */
export const DIVERGENCE_FACTOR = 1e6;

/**
 * Whether `objective` means a run has diverged, given its `initial` objective (step 0's, on the full
 * training set): it is non-finite, or above DIVERGENCE_FACTOR x initial (an initial objective of 0 sets no
 * bound: nothing is a multiple of it).
 */
export function hasDiverged(objective: number, initial: number): boolean {
  return !Number.isFinite(objective) || (initial > 0 && objective > DIVERGENCE_FACTOR * initial);
}
