// Case e: `optlab run --jobs 2` against `--jobs 1` on a 32-run sweep, measured by bench/jobs.js (its own
// benchmark, run here as a child process); "not available" when the CLI has no --jobs or that file is absent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bin, root } from '../lib/optlab.js';

const script = join(root, 'bench', 'jobs.js');

function available() {
  if (!existsSync(script)) return false;
  const help = spawnSync(process.execPath, [bin, 'run', '--help'], { encoding: 'utf8' });
  return help.stdout.includes('--jobs');
}

/** The two medians and the ratio bench/jobs.js prints, in seconds. */
function parse(output) {
  const times = output.match(/--jobs 1 ([\d.]+) s, --jobs 2 ([\d.]+) s/);
  if (times === null) throw new Error(`bench/jobs.js printed no medians:\n${output}`);
  return { one: Number(times[1]), two: Number(times[2]) };
}

export async function jobs({ reps, backend, log }) {
  const row = {
    id: 'e',
    measure: '32-run sweep (16 cohorts of 2, 12,000 steps): optlab run --jobs 2 vs --jobs 1, wall s',
    unit: 's',
    referenceName: '--jobs 1',
    ratioOf: '--jobs 2 / --jobs 1',
    target: { op: '<=', value: 0.6 },
  };
  if (!available()) return [{ ...row, optlab: null, reference: null, note: 'not available' }];
  log(`e: bench/jobs.js --reps ${reps} (each repetition two fresh optlab processes)`);
  const result = spawnSync(process.execPath, [script, '--reps', String(reps), '--backend', backend], { encoding: 'utf8' });
  if (result.status !== 0 && !/median wall time/.test(result.stdout)) {
    return [{ ...row, optlab: null, reference: null, note: `bench/jobs.js failed: ${result.stderr.trim().split('\n').at(-1)}` }];
  }
  const { one, two } = parse(result.stdout);
  const identical = /curves identical \(wall_ms aside\): yes/.test(result.stdout);
  return [
    {
      ...row,
      optlab: { median: two, values: [two] },
      reference: { median: one, values: [one] },
      note: `medians of ${reps} by bench/jobs.js; curves identical: ${identical ? 'yes' : 'NO'}`,
    },
  ];
}
