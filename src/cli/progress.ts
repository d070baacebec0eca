// Progress display of `optlab run`: live bars (one per running cohort, one overall) on a terminal, else one
// plain line per finished run, so CI logs stay readable (SPEC §1).
import cliProgress from 'cli-progress';
import type { RunRecord } from '../output/types.js';

/** What the experiment runner reports while it trains. */
export interface Progress {
  /** A cohort of `runs` runs, trained together for `steps` optimizer updates, has started; `label` says what it trains (its bar's name). */
  cohortStarted(cohortId: string, runs: number, steps: number, label: string): void;
  /** The cohort has completed `step` updates. */
  cohortStep(cohortId: string, step: number): void;
  /** A run is over (whatever its status) and its folder is written. */
  runFinished(record: RunRecord): void;
  /** A run was not trained because its folder already holds a finished run. */
  runSkipped(runId: string): void;
  /** Ends the display (final bars drawn, cursor restored); call it on every exit path, interrupts included. */
  stop(): void;
}

export interface ProgressOptions {
  /** Whether output goes to an interactive terminal (bars are drawn only when `stream` is one too). */
  tty: boolean;
  /** --quiet: plain lines even on a terminal. */
  quiet: boolean;
  /** Runs in the plan (shard), skipped ones included: the denominator of [k/N]. */
  totalRuns: number;
  /** Where the display goes; default process.stderr, keeping stdout for results. */
  stream?: NodeJS.WritableStream;
}

/** A metric at 3 significant digits: enough to compare runs by eye in a log line. */
function compactNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x);
}

/** `key=value` for each swept field, named by its last path segment; values as the config gave them (0.9999 must not read as 1). */
function sweptText(swept: RunRecord['swept']): string[] {
  return Object.entries(swept).map(([path, value]) => {
    const name = path.slice(path.lastIndexOf('.') + 1);
    return `${name}=${Array.isArray(value) ? JSON.stringify(value) : String(value)}`;
  });
}

/** What happened to the run: its status, with the step of divergence or the error. */
function statusText(record: RunRecord): string {
  if (record.status === 'diverged' && record.diverged_at !== null) return `diverged at step ${record.diverged_at}`;
  if ((record.status === 'failed' || record.status === 'interrupted') && record.error !== null) {
    return `${record.status} (${record.error})`;
  }
  return record.status;
}

/** The final losses (and test accuracy) of the run's last logged row, if it logged any. */
function finalMetricsText(record: RunRecord): string[] {
  const last = record.curve.at(-1);
  if (last === undefined) return [];
  const parts = [`train_loss=${compactNumber(last.train_loss)}`, `test_loss=${compactNumber(last.test_loss)}`];
  if (last.test_acc !== undefined) parts.push(`test_acc=${compactNumber(last.test_acc)}`);
  return parts;
}

/**
 * The run's time and speed. run.json's wall_time_ms and steps_per_second are its cohort's (the K runs trained as one
 * computation share every step), so the run's own share is the cohort time divided by K, labelled as such:
 * otherwise a 9-run cohort would look 9x slower per run than a run trained alone.
 */
function timeText(record: RunRecord): string[] {
  const cohort = Math.max(1, record.cohort_size);
  // Under 0.1 s, milliseconds: a share of a quick cohort must not read as 0.0s.
  const seconds = (ms: number) => (ms < 100 ? `${compactNumber(ms)}ms` : `${(ms / 1000).toFixed(1)}s`);
  const speed = Number.isFinite(record.steps_per_second) ? [`${compactNumber(record.steps_per_second * cohort)} steps/s`] : [];
  if (cohort === 1) return [seconds(record.wall_time_ms), ...speed];
  return [`${seconds(record.wall_time_ms / cohort)}/run`, ...speed.map((text) => `${text}/run`),
    `(cohort of ${cohort}: ${seconds(record.wall_time_ms)} ÷ ${cohort})`];
}

/** One line about a finished run, e.g. `[3/18] 9f2c1a0b7e adam lr=0.01 seed=1 complete train_loss=0.0123 test_loss=0.015 1.2s 24.3 steps/s`. */
export function finishedRunLine(record: RunRecord, done: number, totalRuns: number): string {
  return [
    `[${done}/${totalRuns}]`,
    record.run_id,
    record.arm,
    ...sweptText(record.swept),
    `seed=${record.seed}`,
    statusText(record),
    ...finalMetricsText(record),
    ...timeText(record),
  ].join(' ');
}

/** One line about a run skipped because it is already finished. */
export function skippedRunLine(runId: string, done: number, totalRuns: number): string {
  return `[${done}/${totalRuns}] ${runId} already complete, skipped`;
}

/** Plain mode: exactly one line per finished or skipped run, nothing else. */
function createPlainProgress(totalRuns: number, stream: NodeJS.WritableStream): Progress {
  let done = 0;
  return {
    cohortStarted() {},
    cohortStep() {},
    runFinished(record) {
      done += 1;
      stream.write(`${finishedRunLine(record, done, totalRuns)}\n`);
    },
    runSkipped(runId) {
      done += 1;
      stream.write(`${skippedRunLine(runId, done, totalRuns)}\n`);
    },
    stop() {},
  };
}

/** Bar layouts; `{cohort}` (what the cohort trains) and `{runs}` come from each bar's payload (a label is never parsed as a format). */
const OVERALL_BAR_FORMAT = 'all runs {bar} {value}/{total} runs | {duration_formatted}';
const COHORT_BAR_FORMAT = '{cohort} {bar} {value}/{total} steps | {runs} | ETA {eta_formatted}';

/** Terminal mode: a bar per running cohort under an overall bar of finished runs; finished runs are logged above the bars. */
function createBarProgress(totalRuns: number, stream: NodeJS.WritableStream): Progress {
  const multiBar = new cliProgress.MultiBar(
    {
      stream,
      hideCursor: true,
      autopadding: true,
      // Otherwise cli-progress listens for SIGINT/SIGTERM itself, which cancels Node's default exit on them:
      // interrupts are the experiment runner's to handle (it marks runs interrupted, then calls stop()).
      gracefulExit: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const overall = multiBar.create(totalRuns, 0, {}, { format: OVERALL_BAR_FORMAT });
  const cohortBars = new Map<string, cliProgress.SingleBar>();
  let done = 0;

  const removeCohortBar = (cohortId: string): void => {
    const bar = cohortBars.get(cohortId);
    if (bar === undefined) return;
    multiBar.remove(bar);
    cohortBars.delete(cohortId);
  };

  return {
    cohortStarted(cohortId, runs, steps, label) {
      removeCohortBar(cohortId);
      const payload = { cohort: label, runs: `${runs} run${runs === 1 ? '' : 's'}` };
      cohortBars.set(cohortId, multiBar.create(steps, 0, payload, { format: COHORT_BAR_FORMAT }));
    },
    cohortStep(cohortId, step) {
      const bar = cohortBars.get(cohortId);
      if (bar === undefined) return;
      bar.update(step);
      if (step >= bar.getTotal()) removeCohortBar(cohortId);
    },
    runFinished(record) {
      done += 1;
      multiBar.log(`${finishedRunLine(record, done, totalRuns)}\n`);
      overall.increment();
    },
    runSkipped() {
      done += 1;
      overall.increment();
    },
    stop() {
      // Logged lines are only flushed by a redraw, which stop() alone does not do.
      multiBar.update();
      multiBar.stop();
    },
  };
}

/** The progress display for a run of `totalRuns` runs: bars on a terminal unless quiet, else plain lines. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  // cli-progress draws nothing on a stream that is not a terminal: bars there would hide every result.
  const streamIsTerminal = (stream as { isTTY?: boolean }).isTTY === true;
  return options.tty && !options.quiet && streamIsTerminal
    ? createBarProgress(options.totalRuns, stream)
    : createPlainProgress(options.totalRuns, stream);
}
