// What each theory line on the report's charts is: one sentence per kind of line, saying what it predicts and
// when the prediction is exact, shown under the chart in the HTML report (SPEC §6).

/** Dashed ntk_pred_train_loss / ntk_pred_test_loss on loss curves. */
export const NTK_PREDICTION_TEXT =
  'Dashed: the loss the empirical NTK at init predicts (metrics.ntk.predict: the linearized network trained in function space by the run’s own optimizer, lr schedule and batches), exact for a linearized model under full-batch gd or momentum and approached by a finite network as its width grows.';

/** Dashed predicted_error on the direction-error chart. */
export const GD_DIRECTION_TEXT =
  'Dashed: the error gd’s recursion predicts along each eigen-direction of the objective’s Hessian, |Π_s (1 − η_s λ_k)| times the error at step 0, exact for full-batch gd without weight decay on a linear or ridge model, whose objective is quadratic.';

/** Dashed stability_limit on the sharpness chart. */
export const STABILITY_LIMIT_TEXT =
  'Dashed: the stability limit c / lr (2 / lr for gd and sgd, 2(1 + μ) / ((1 − dampening) lr) for momentum), the largest sharpness at which the optimizer does not blow up on a quadratic; exact there, and on networks the sharpness rises to it and hovers (Cohen et al. 2021, edge of stability).';

/** Dashed precond_stability_limit on the preconditioned-sharpness chart. */
export const PRECOND_LIMIT_TEXT =
  'Dashed: the limit of the preconditioned sharpness, (2 + 2β1) / ((1 − β1) lr) for adam (2 / lr for rmsprop and adagrad), the largest top eigenvalue of P⁻¹H at which the optimizer with its preconditioner P frozen is stable on a quadratic (Cohen et al. 2022).';

/** The vertical rule on the lr-sensitivity chart. */
export const LR_RULE_TEXT =
  'Vertical rule: lr_max = c / λ_max(H), the closed-form stability limit of a linear or ridge model (H = 2ÃᵀÃ / (n o) with Ã = [X, 1], plus 2λ on the weights for ridge; c = 2 for gd and sgd), exact for full-batch gd and momentum: just below it the run converges, just above it diverges.';

/** The dotted −1/2 reference on the kernel-distance-vs-width chart. */
export const WIDTH_REFERENCE_TEXT =
  'Dotted: slope −1/2, the rate at which the empirical NTK’s relative distance from the infinite-width kernel falls with width (its fluctuations average over width units), a scaling law rather than an exact value: the fitted slopes say how closely the measurement follows it.';
