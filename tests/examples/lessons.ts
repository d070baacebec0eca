// The lesson each example config (configs/*.yaml) teaches, as claims checked on every seed from the
// experiment's own summary.csv and curves.csv, with the --set overrides that make it small enough for CI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** One row of summary.csv or curves.csv, as written (every cell a string). */
export type Row = Record<string, string>;

/** An experiment's tables, read back from its folder. */
export interface Results {
  summary: Row[];
  curves: Row[];
}

/** One claim's outcome for one seed: the measured value that decides it, in words. */
export interface SeedOutcome {
  seed: string;
  measured: string;
  pass: boolean;
}

export interface Claim {
  text: string;
  seeds: SeedOutcome[];
}

export interface Lesson {
  /** configs/<config>.yaml */
  config: string;
  /** --set overrides that keep the lesson and run in a few seconds (CI). */
  small: string[];
  /** Backends CI checks it on: both for the linear models; wasm alone for networks (cpu is too slow for CI time). */
  backends: ('cpu' | 'wasm')[];
  claims(results: Results): Claim[];
}

/** summary.csv and curves.csv of the experiment folder `dir`. */
export function readResults(dir: string): Results {
  const read = (file: string) => parse(readFileSync(join(dir, file)), { columns: true }) as Row[];
  return { summary: read('summary.csv'), curves: read('curves.csv') };
}

/** Rows whose cells equal every value of `match`. */
function matching(rows: Row[], match: Row): Row[] {
  return rows.filter((row) => Object.entries(match).every(([column, value]) => row[column] === value));
}

/** The seeds of the experiment, in the order summary.csv lists them. */
function seedsOf(results: Results): string[] {
  return [...new Set(results.summary.map((row) => row.seed))];
}

/** The one summary row of `seed` that matches; throws when there is not exactly one (the config changed). */
function summaryRow(results: Results, seed: string, match: Row): Row {
  const rows = matching(results.summary, { ...match, seed });
  if (rows.length !== 1) throw new Error(`expected one summary row for ${JSON.stringify({ ...match, seed })}, found ${rows.length}`);
  return rows[0];
}

/** A number of the summary row of `seed` that matches. */
function final(results: Results, seed: string, match: Row, column: string): number {
  const cell = summaryRow(results, seed, match)[column];
  if (cell === undefined || cell === '') throw new Error(`summary.csv has no ${column} for ${JSON.stringify({ ...match, seed })}`);
  return Number(cell);
}

/** `column` of the curve row of `seed` at `step` (the last row when step is 'last'). */
function curveAt(results: Results, seed: string, match: Row, step: number | 'last', column: string): number {
  const rows = matching(results.curves, { ...match, seed });
  const row = step === 'last' ? rows.at(-1) : rows.find((r) => Number(r.step) === step);
  if (!row) throw new Error(`curves.csv has no step ${step} for ${JSON.stringify({ ...match, seed })}`);
  return Number(row[column]);
}

/** The last step of train.steps as logged (the curve's last row). */
function lastStep(results: Results, seed: string, match: Row): number {
  return Number(matching(results.curves, { ...match, seed }).at(-1)!.step);
}

const g = (x: number) => x.toPrecision(3);

/** A claim decided for every seed by `decide`, which returns the measured value in words and the verdict. */
function everySeed(results: Results, text: string, decide: (seed: string) => [string, boolean]): Claim {
  return {
    text,
    seeds: seedsOf(results).map((seed) => {
      const [measured, pass] = decide(seed);
      return { seed, measured, pass };
    }),
  };
}

/** "a below b / factor": a < b / factor, measured as the ratio b / a. */
function below(results: Results, text: string, a: (seed: string) => number, b: (seed: string) => number, factor: number): Claim {
  return everySeed(results, text, (seed) => {
    const [x, y] = [a(seed), b(seed)];
    return [`${g(x)} vs ${g(y)} (${g(y / x)}x)`, x < y / factor];
  });
}

export const LESSONS: Lesson[] = [
  {
    config: 'adam-vs-sgd',
    backends: ['cpu', 'wasm'],
    small: ['train.steps=1000'],
    claims: (r) => {
      const adam = (s: string) => final(r, s, { arm: 'adam', 'optimizer.lr': '0.03' }, 'final_train_loss');
      const gd = (s: string) => final(r, s, { arm: 'gd' }, 'final_train_loss');
      const bestSgd = (s: string) => Math.min(...['0.01', '0.03', '0.05'].map((lr) => final(r, s, { arm: 'sgd', 'optimizer.lr': lr }, 'final_train_loss')));
      return [
        below(r, 'adam (lr 0.03) below gd / 10 on final_train_loss', adam, gd, 10),
        below(r, 'adam (lr 0.03) below the best stable sgd / 10', adam, bestSgd, 10),
        everySeed(r, 'sgd at lr 0.08 diverges', (s) => {
          const status = summaryRow(r, s, { arm: 'sgd', 'optimizer.lr': '0.08' }).status;
          return [status, status === 'diverged'];
        }),
        everySeed(r, 'precond-gd solves it (final_train_loss < 1e-10)', (s) => {
          const loss = final(r, s, { arm: 'precond-gd' }, 'final_train_loss');
          return [g(loss), loss < 1e-10];
        }),
      ];
    },
  },
  {
    config: 'gd-directions',
    backends: ['cpu', 'wasm'],
    small: [],
    claims: (r) => [
      below(
        r,
        'gd at lr 0.13 below gd at lr 0.05 / 2 on final_train_loss',
        (s) => final(r, s, { arm: 'gd', 'optimizer.lr': '0.13' }, 'final_train_loss'),
        (s) => final(r, s, { arm: 'gd', 'optimizer.lr': '0.05' }, 'final_train_loss'),
        2,
      ),
      everySeed(r, 'precond-gd solves it (final_train_loss < 1e-10)', (s) => {
        const loss = final(r, s, { arm: 'precond-gd' }, 'final_train_loss');
        return [g(loss), loss < 1e-10];
      }),
    ],
  },
  {
    config: 'bias-correction',
    backends: ['wasm'],
    small: ['train.steps=10'],
    claims: (r) => {
      const norm = (arm: string) => (s: string) => curveAt(r, s, { arm }, 10, 'update_norm');
      return [
        below(r, 'b1 = b2 = 0.99, slow start: uncorrected update_norm at step 10 below corrected / 2', norm('adam-b99-no-correction'), norm('adam-b99'), 2),
        below(r, 'b1 = 0.9, b2 = 0.999, the other regime: corrected update_norm at step 10 below uncorrected / 2', norm('adam'), norm('adam-no-correction'), 2),
      ];
    },
  },
  {
    config: 'adamw-vs-l2',
    backends: ['wasm'],
    small: ['model.width=64', 'train.steps=300'],
    claims: (r) => {
      const decays = (arm: string) => [...new Set(matching(r.summary, { arm }).map((row) => row['optimizer.weight_decay']))];
      const best = (arm: string) => (s: string) => Math.min(...decays(arm).map((wd) => final(r, s, { arm, 'optimizer.weight_decay': wd }, 'final_test_loss')));
      const adam = (s: string) => final(r, s, { arm: 'adam' }, 'final_test_loss');
      const largest = (arm: string) => (s: string) => final(r, s, { arm, 'optimizer.weight_decay': decays(arm).at(-1)! }, 'final_test_loss');
      // What holds here; the lecture's "best AdamW beats best Adam + L2" does not: tuned, they tie (see the config's comments).
      return [
        below(r, 'the best adam-l2 decay beats plain adam on final_test_loss by 10%', best('adam-l2'), adam, 1.1),
        below(r, 'the best adamw decay beats plain adam on final_test_loss by 10%', best('adamw'), adam, 1.1),
        below(r, "adam-l2's best decay is inside its sweep: 10% below its largest decay", best('adam-l2'), largest('adam-l2'), 1.1),
        below(r, "adamw's best decay is inside its sweep: 10% below its largest decay", best('adamw'), largest('adamw'), 1.1),
        everySeed(r, 'tuned, adamw and adam-l2 tie: best final_test_loss within 10% of each other', (s) => {
          const [w, l2] = [best('adamw')(s), best('adam-l2')(s)];
          return [`adamw ${g(w)} vs adam-l2 ${g(l2)}`, Math.max(w, l2) < 1.1 * Math.min(w, l2)];
        }),
      ];
    },
  },
  {
    config: 'signsgd-bounce',
    backends: ['cpu', 'wasm'],
    // full size: Adam needs its 2000 steps to pass the bounce floor, and a linear model trains in seconds
    small: [],
    claims: (r) => {
      const signConstant = { arm: 'signsgd', 'optimizer.lr': '0.01', 'train.schedule': 'constant' };
      const signCosine = { arm: 'signsgd', 'optimizer.lr': '0.01', 'train.schedule': 'cosine(min_factor=0)' };
      const adamConstant = { arm: 'adam', 'train.schedule': 'constant' };
      return [
        everySeed(r, 'signsgd lr 0.01 (constant) stalls: the second half gains less than 3x', (s) => {
          const half = lastStep(r, s, signConstant) / 2;
          const [mid, end] = [curveAt(r, s, signConstant, half, 'train_loss'), curveAt(r, s, signConstant, 'last', 'train_loss')];
          return [`${g(mid)} at step ${half}, ${g(end)} at the end`, end > mid / 3];
        }),
        below(r, 'signsgd lr 0.01 under cosine below constant / 100', (s) => final(r, s, signCosine, 'final_train_loss'), (s) => final(r, s, signConstant, 'final_train_loss'), 100),
        below(r, 'adam (constant lr 0.01) below signsgd (constant lr 0.01) / 100', (s) => final(r, s, adamConstant, 'final_train_loss'), (s) => final(r, s, signConstant, 'final_train_loss'), 100),
        {
          text: 'seeds differ (the bounce is a band): signsgd lr 0.01 constant ends at a different loss on every seed',
          seeds: [(() => {
            const losses = seedsOf(r).map((s) => final(r, s, signConstant, 'final_train_loss'));
            return { seed: 'all', measured: losses.map(g).join(', '), pass: new Set(losses).size === losses.length };
          })()],
        },
      ];
    },
  },
  {
    config: 'ntk-width',
    backends: ['wasm'],
    small: ['model.width=64,1024', 'train.steps=100'],
    claims: (r) => [
      below(
        r,
        'final_kernel_rel_change at width 1024 below width 64 / 3',
        (s) => final(r, s, { 'model.width': '1024' }, 'final_kernel_rel_change'),
        (s) => final(r, s, { 'model.width': '64' }, 'final_kernel_rel_change'),
        3,
      ),
      below(
        r,
        'final_lin_gap at width 1024 below width 64 / 3',
        (s) => final(r, s, { 'model.width': '1024' }, 'final_lin_gap'),
        (s) => final(r, s, { 'model.width': '64' }, 'final_lin_gap'),
        3,
      ),
    ],
  },
  {
    config: 'lazy-training',
    backends: ['wasm'],
    small: ['train.steps=100'],
    claims: (r) => {
      const at = (alpha: string, column: string) => (s: string) => final(r, s, { 'model.output_scale': alpha }, column);
      return [
        everySeed(r, 'final_kernel_rel_change falls as alpha grows (1, 2, 4, 8)', (s) => {
          const drift = ['1', '2', '4', '8'].map((a) => at(a, 'final_kernel_rel_change')(s));
          return [drift.map(g).join(' > '), drift.every((d, i) => i === 0 || d < drift[i - 1])];
        }),
        below(r, 'final_lin_gap at alpha 8 below alpha 1 / 2', at('8', 'final_lin_gap'), at('1', 'final_lin_gap'), 2),
        everySeed(r, 'the same function is learned: final_train_loss within 10% across alpha', (s) => {
          const losses = ['1', '2', '4', '8'].map((a) => at(a, 'final_train_loss')(s));
          return [losses.map(g).join(', '), Math.max(...losses) < 1.1 * Math.min(...losses)];
        }),
      ];
    },
  },
  {
    config: 'linearized-vs-mlp',
    backends: ['wasm'],
    small: ['model.width=32,1024', 'train.steps=50'],
    claims: (r) => {
      const widths = [...new Set(r.summary.map((row) => row['model.width']))].sort((a, b) => Number(a) - Number(b));
      const [narrow, wide] = [widths[0], widths.at(-1)!];
      const loss = (kind: string, width: string) => (s: string) => final(r, s, { 'model.kind': kind, 'model.width': width }, 'final_test_loss');
      return [
        below(
          r,
          `final_lin_gap of the wide mlp (width ${wide}) below the narrow one (${narrow}) / 5`,
          (s) => final(r, s, { 'model.kind': 'mlp', 'model.width': wide }, 'final_lin_gap'),
          (s) => final(r, s, { 'model.kind': 'mlp', 'model.width': narrow }, 'final_lin_gap'),
          5,
        ),
        everySeed(r, 'wide: mlp and linearized final_test_loss within 2%; narrow: further apart', (s) => {
          const gapWide = Math.abs(loss('mlp', wide)(s) / loss('linearized', wide)(s) - 1);
          const gapNarrow = Math.abs(loss('mlp', narrow)(s) / loss('linearized', narrow)(s) - 1);
          return [`wide ${g(100 * gapWide)}%, narrow ${g(100 * gapNarrow)}%`, gapWide < 0.02 && gapNarrow > gapWide];
        }),
        everySeed(r, 'the NTK prediction is the linearized run (worst gap < 1e-5) and misses the narrow mlp by more than the wide one', (s) => {
          const gap = (kind: string, width: string) => final(r, s, { 'model.kind': kind, 'model.width': width }, 'worst_ntk_pred_gap');
          const exact = Math.max(gap('linearized', narrow), gap('linearized', wide));
          return [`linearized ${g(exact)}, mlp narrow ${g(gap('mlp', narrow))}, wide ${g(gap('mlp', wide))}`, exact < 1e-5 && gap('mlp', wide) < gap('mlp', narrow)];
        }),
      ];
    },
  },
  {
    config: 'infinite-width',
    backends: ['wasm'],
    // The claims name widths 64 and 8192: keep both, on fewer examples and steps.
    small: ['model.width=64,8192', 'train.steps=100', 'data.n_train=128'],
    claims: (r) => {
      const mlp = (width: string, column: string) => (s: string) => final(r, s, { 'model.kind': 'mlp', 'model.width': width }, column);
      const limit = (column: string) => (s: string) => final(r, s, { 'model.kind': 'infinite-ntk' }, column);
      return [
        below(r, 'final_kernel_vs_analytic at width 8192 below width 64 / 5 (sqrt(128) ~ 11 expected)', mlp('8192', 'final_kernel_vs_analytic'), mlp('64', 'final_kernel_vs_analytic'), 5),
        everySeed(r, 'width 8192 within 3% of infinite-ntk on final train and test loss; width 64 further off', (s) => {
          const gap = (width: string, column: string) => Math.abs(mlp(width, column)(s) / limit(column)(s) - 1);
          const [wideTrain, wideTest, narrowTrain] = [gap('8192', 'final_train_loss'), gap('8192', 'final_test_loss'), gap('64', 'final_train_loss')];
          return [`width 8192: ${g(100 * wideTrain)}% / ${g(100 * wideTest)}%, width 64: ${g(100 * narrowTrain)}%`, wideTrain < 0.03 && wideTest < 0.03 && narrowTrain > wideTrain];
        }),
      ];
    },
  },
  {
    config: 'linear-probe',
    backends: ['wasm'],
    small: ['train.steps=300'],
    claims: (r) => {
      const widths = [...new Set(r.summary.map((row) => row['model.width']))];
      const acc = (kind: string, from: string, w: string, s: string) =>
        final(r, s, { 'model.kind': kind, 'model.init_from': from, 'model.width': w }, 'final_test_acc');
      return [
        everySeed(r, 'full training beats probing random features by 20 points of final_test_acc (each width)', (s) => {
          const gaps = widths.map((w) => acc('mlp', 'init', w, s) - acc('linear-probe', 'init', w, s));
          return [widths.map((w, i) => `width ${w}: +${g(100 * gaps[i])}`).join(', '), gaps.every((gap) => gap > 0.2)];
        }),
        everySeed(r, "probing the trained mlp's learned features (init_from: mlp) is within 3 points of full training (each width)", (s) => {
          const gaps = widths.map((w) => acc('mlp', 'init', w, s) - acc('linear-probe', 'mlp', w, s));
          return [widths.map((w, i) => `width ${w}: ${g(100 * gaps[i])}`).join(', '), gaps.every((gap) => gap < 0.03)];
        }),
      ];
    },
  },
  {
    config: 'mnist-adam-vs-sgd',
    backends: ['wasm'],
    small: ['data.n_train=2000', 'data.n_test=500', 'model.width=64', 'train.steps=200', 'train.eval_every=100'],
    claims: (r) => {
      const acc = (match: Row) => (s: string) => final(r, s, match, 'final_test_acc');
      return [
        everySeed(r, 'adam (lr 0.001) beats sgd at lr 0.01 and 0.1 on final_test_acc', (s) => {
          const [adam, sgdSmall, sgdLarge] = [acc({ arm: 'adam' })(s), acc({ arm: 'sgd', 'optimizer.lr': '0.01' })(s), acc({ arm: 'sgd', 'optimizer.lr': '0.1' })(s)];
          return [`adam ${g(adam)}, sgd ${g(sgdSmall)} and ${g(sgdLarge)}`, adam > sgdSmall && adam > sgdLarge];
        }),
      ];
    },
  },
  {
    config: 'edge-of-stability',
    backends: ['wasm'],
    // 400 steps: every lr has reached its limit by then (lr 0.12 within 8%).
    small: ['train.steps=400', 'train.eval_every=200', 'metrics.sharpness.every=200'],
    claims: (r) => {
      const ratio = (lr: string) => (s: string) => final(r, s, { arm: 'gd', 'optimizer.lr': lr }, 'final_sharpness_ratio');
      const within = (lr: string, low: number, high: number) =>
        everySeed(r, `gd at lr ${lr}: final sharpness / (2 / lr) in [${low}, ${high}]`, (s) => {
          const value = ratio(lr)(s);
          return [g(value), value >= low && value <= high];
        });
      const sharpness = (lr: string) => (s: string) => final(r, s, { arm: 'gd', 'optimizer.lr': lr }, 'final_sharpness');
      return [
        within('0.2', 0.95, 1.05),
        within('0.15', 0.95, 1.1),
        within('0.12', 0.9, 1.1),
        everySeed(r, 'the final sharpness is set by lr: lr 0.12 over 1.5x lr 0.2', (s) => {
          const [small, large] = [sharpness('0.12')(s), sharpness('0.2')(s)];
          return [`${g(small)} vs ${g(large)} (${g(small / large)}x)`, small > 1.5 * large];
        }),
      ];
    },
  },
];
