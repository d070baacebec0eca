// Every example config at FULL size (configs/*.yaml as written), each lesson's claims checked on every seed:
// prints config | claim | seed | measured | PASS/FAIL | seconds. The claims live in tests/examples/lessons.ts;
// this runs tests/examples/examples.test.ts in its full-size mode (OPTLAB_EXAMPLES_FULL), one config at a time.
// Usage: node bench/examples.mjs [config...]   (all configs when none is named; ~5 min on 2 cores)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'optlab-bench-examples-'));
const table = join(dir, 'table.txt');
const vitest = spawnSync('npx', ['vitest', 'run', 'tests/examples/examples.test.ts'], {
  env: { ...process.env, OPTLAB_EXAMPLES_FULL: table, ...(process.argv.length > 2 ? { OPTLAB_EXAMPLES_ONLY: process.argv.slice(2).join(',') } : {}) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let lines = [];
try {
  lines = readFileSync(table, 'utf8').trim().split('\n');
} catch {
  console.error('no table was written: the full-size run failed before any example finished');
}
rmSync(dir, { recursive: true, force: true });
console.log('config | claim | seed | measured | verdict | seconds (whole config)');
for (const line of lines) console.log(line);
const failed = lines.filter((l) => l.includes('| FAIL |')).length;
console.log(`\n${lines.length - failed} of ${lines.length} claim x seed checks pass`);
process.exit(vitest.status === 0 && failed === 0 ? 0 : 1);
