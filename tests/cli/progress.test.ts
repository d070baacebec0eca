// Progress display: plain mode prints one line per finished or skipped run and nothing else; bar mode draws on a terminal.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { curveRow, runRecord } from '../output/fixtures.js';

/** A stream that keeps what is written to it; `isTTY` makes it pass for a terminal. */
function captureStream(isTTY = false): { stream: Writable & { isTTY?: boolean; columns?: number }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  if (isTTY) {
    stream.isTTY = true;
    stream.columns = 120;
  }
  return { stream, text: () => chunks.join('') };
}

const FINISHED = runRecord({
  run_id: '9f2c1a0b7e',
  arm: 'adam',
  seed: 1,
  swept: { 'optimizer.lr': 0.01, 'optimizer.beta2': 0.9999 },
  wall_time_ms: 1234,
  curve: [curveRow(0, 1, 1), curveRow(10, 0.012345, 0.015)],
});
const DIVERGED = runRecord({
  run_id: '0d1e2f3a4b',
  arm: 'sgd',
  seed: 0,
  status: 'diverged',
  diverged_at: 40,
  swept: { 'optimizer.lr': 2 },
  wall_time_ms: 50,
  curve: [curveRow(0, 1, 1), curveRow(40, Number.POSITIVE_INFINITY, Number.NaN)],
});

describe('createProgress, plain mode', () => {
  it('prints exactly one line per finished or skipped run, and nothing for cohort events', () => {
    const { stream, text } = captureStream();
    const progress = createProgress({ tty: false, quiet: false, totalRuns: 3, stream });
    progress.cohortStarted('cohort-a', 2, 100, 'linear · adam ×2');
    progress.cohortStep('cohort-a', 50);
    progress.runSkipped('5e5e5e5e5e');
    progress.cohortStep('cohort-a', 100);
    progress.runFinished(FINISHED);
    progress.runFinished(DIVERGED);
    progress.stop();
    expect(text().split('\n')).toEqual([
      '[1/3] 5e5e5e5e5e already complete, skipped',
      // 0.012345 at 3 significant digits is 0.0123; 1234 ms is 1.2 s, 50 ms stays 50ms; swept values print as given.
      '[2/3] 9f2c1a0b7e adam lr=0.01 beta2=0.9999 seed=1 complete train_loss=0.0123 test_loss=0.015 1.2s 24.3 steps/s',
      '[3/3] 0d1e2f3a4b sgd lr=2 seed=0 diverged at step 40 train_loss=Infinity test_loss=NaN 50ms 24.3 steps/s',
      '',
    ]);
  });

  it('is used on a terminal too when quiet', () => {
    const { stream, text } = captureStream(true);
    const progress = createProgress({ tty: true, quiet: true, totalRuns: 1, stream });
    progress.cohortStarted('cohort-a', 1, 10, 'linear · adam ×1');
    progress.runFinished(FINISHED);
    progress.stop();
    expect(text().split('\n').length).toBe(2);
    expect(text()).not.toContain('\x1b');
  });

  it('shows a failed run\'s error and no losses when it logged no row', () => {
    const { stream, text } = captureStream();
    const progress = createProgress({ tty: false, quiet: false, totalRuns: 1, stream });
    progress.runFinished(runRecord({ run_id: 'ffff', status: 'failed', error: 'out of memory', curve: [], wall_time_ms: 0 }));
    expect(text()).toBe('[1/1] ffff adam seed=1 failed (out of memory) 0ms 24.3 steps/s\n');
  });

  it('gives a run of a cohort its share of the cohort\'s time, and says so', () => {
    const { stream, text } = captureStream();
    const progress = createProgress({ tty: false, quiet: false, totalRuns: 1, stream });
    // 9 runs trained together for 9000 ms at 20 steps/s of the cohort: each run's share is 9000 / 9 = 1000 ms,
    // so it did 20 x 9 = 180 steps per second of its own time.
    progress.runFinished(runRecord({ run_id: 'c9', curve: [], wall_time_ms: 9000, steps_per_second: 20, cohort_size: 9 }));
    expect(text()).toBe('[1/1] c9 adam seed=1 complete 1.0s/run 180 steps/s/run (cohort of 9: 9.0s ÷ 9)\n');
    // 9 runs sharing 450 ms: 50 ms each, in milliseconds rather than as 0.1s.
    progress.runFinished(runRecord({ run_id: 'q9', curve: [], wall_time_ms: 450, steps_per_second: 20, cohort_size: 9 }));
    expect(text().split('\n')[1]).toBe('[2/1] q9 adam seed=1 complete 50ms/run 180 steps/s/run (cohort of 9: 0.5s ÷ 9)');
  });
});

describe('createProgress, bar mode', () => {
  it('draws the overall and cohort bars on a terminal and logs finished runs above them', () => {
    const { stream, text } = captureStream(true);
    const progress = createProgress({ tty: true, quiet: false, totalRuns: 2, stream });
    progress.cohortStarted('cohort-a', 2, 100, 'linear · adam ×2');
    progress.cohortStep('cohort-a', 40);
    progress.runFinished(FINISHED);
    progress.runSkipped('5e5e5e5e5e');
    progress.stop();
    const output = text();
    expect(output).toContain('all runs');
    expect(output).toContain('2/2 runs');
    // The bar names what the cohort trains, not its hash.
    expect(output).toContain('linear · adam ×2');
    expect(output).not.toContain('cohort-a');
    expect(output).toContain('40/100 steps');
    expect(output).toContain('[1/2] 9f2c1a0b7e adam');
  });
});

describe('createProgress, tty requested on a stream that is no terminal', () => {
  it('falls back to plain lines', () => {
    const { stream, text } = captureStream(false);
    const progress = createProgress({ tty: true, quiet: false, totalRuns: 1, stream });
    progress.cohortStarted('cohort-a', 1, 10, 'linear · adam ×1');
    progress.runSkipped('5e5e5e5e5e');
    progress.stop();
    expect(text()).toBe('[1/1] 5e5e5e5e5e already complete, skipped\n');
  });
});
