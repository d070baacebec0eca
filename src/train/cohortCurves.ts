// The curves a cohort's training logs, one per run, and where each run ends: a run ends with its last row,
// which for a diverged run is the row at diverged_at (found on a minibatch during training, or on the full
// training set at a logged step, by the one rule of divergence.ts).
import type { CurveRow } from '../output/types.js';
import { hasDiverged } from './divergence.js';

/** Metrics of every run at its current parameters ([K] each), as evaluated at a logged step. */
export interface CohortMetrics {
  trainLoss: number[];
  testLoss: number[];
  objective: number[];
  /** The parameter-space measures, null for a model without parameters (infinite-ntk): empty cells. */
  gradNorm: number[] | null;
  paramDist: number[] | null;
  /** ||theta_k - theta_{k-1}|| (0 at step 0). */
  updateNorm: number[] | null;
  accuracy: { train: number[]; test: number[] } | null;
  /** The losses kernel dynamics predicts at this step (metrics.ntk.predict), or absent. */
  predicted?: { train: number[]; test: number[] } | null;
}

/** What places a logged row in training, beside its step. */
export interface RowClock {
  /** Milliseconds since the cohort started training. */
  wallMs: number;
  /** Each run's lr of the next update. */
  lr: number[];
}

/** The shape of a cohort's steps, for epoch and examples. */
export interface StepShape {
  stepsPerEpoch: number;
  batchSize: number;
}

/** Run r's curve row for the parameters after `step` updates, whose metrics are `metrics`. */
export function curveRow(step: number, metrics: CohortMetrics, r: number, clock: RowClock, shape: StepShape): CurveRow {
  return {
    step, epoch: step / shape.stepsPerEpoch, examples: step * shape.batchSize, wall_ms: clock.wallMs, lr: clock.lr[r],
    train_loss: metrics.trainLoss[r], test_loss: metrics.testLoss[r], objective: metrics.objective[r],
    grad_norm: metrics.gradNorm?.[r] ?? null,
    update_norm: metrics.updateNorm === null ? null : step === 0 ? 0 : metrics.updateNorm[r],
    param_dist: metrics.paramDist?.[r] ?? null,
    ...(metrics.accuracy && { train_acc: metrics.accuracy.train[r], test_acc: metrics.accuracy.test[r] }),
    ...(metrics.predicted && { ntk_pred_train_loss: metrics.predicted.train[r], ntk_pred_test_loss: metrics.predicted.test[r] }),
  };
}

/** The curves of K runs as training logs them, and each run's divergence. */
export class CohortCurves {
  readonly curves: CurveRow[][];
  /** The step each run diverged at: the first whose parameters broke the divergence rule, or null. */
  readonly divergedAt: (number | null)[];
  /** Whether each run's curve has its last row. */
  private readonly ended: boolean[];

  constructor(K: number, private readonly shape: StepShape) {
    this.curves = Array.from({ length: K }, () => []);
    this.divergedAt = new Array<number | null>(K).fill(null);
    this.ended = new Array<boolean>(K).fill(false);
  }

  /** Logs step k's metrics for every run that has not ended, and applies the rule to the full-set objective. */
  /** Run r's status once training stopped after `stepsDone` of `steps` updates. */
  status(r: number, stepsDone: number, steps: number): 'complete' | 'diverged' | 'interrupted' {
    return this.divergedAt[r] !== null ? 'diverged' : stepsDone === steps ? 'complete' : 'interrupted';
  }

  log(k: number, metrics: CohortMetrics, clock: RowClock): void {
    this.curves.forEach((curve, r) => {
      if (this.ended[r]) return;
      const stepDiverged = this.divergedAt[r];
      if (stepDiverged !== null) {
        // Its parameters were frozen at step `stepDiverged`: the metrics just computed are theirs. The prediction
        // is of step k, not of stepDiverged: that row has none.
        const last = curve.at(-1);
        if (last === undefined || last.step < stepDiverged) {
          const row = curveRow(stepDiverged, { ...metrics, predicted: null }, r, clock, this.shape);
          curve.push({ ...row, update_norm: row.update_norm === null ? null : NaN });
        }
        this.ended[r] = true;
        return;
      }
      const row = curveRow(k, metrics, r, clock, this.shape);
      curve.push(row);
      if (hasDiverged(row.objective, curve[0].objective)) {
        this.divergedAt[r] = k;
        this.ended[r] = true;
      }
    });
  }

  /** Applies the rule to each still-updated run's minibatch objective at the parameters of `step`. */
  checkMinibatch(step: number, objectives: ArrayLike<number>): void {
    this.divergedAt.forEach((diverged, r) => {
      if (diverged === null && hasDiverged(objectives[r], this.curves[r][0].objective)) this.divergedAt[r] = step;
    });
  }

  /** Which runs are still updated (none has diverged). */
  updating(): boolean[] {
    return this.divergedAt.map((d) => d === null);
  }

  /** Which runs the probes measure at logged step k: those still training, and those that diverged at k. */
  measuringAt(k: number): boolean[] {
    return this.ended.map((ended, r) => !ended || this.divergedAt[r] === k);
  }

  allEnded(): boolean {
    return this.ended.every(Boolean);
  }
}
