// Prints one SHA-256 per example config and backend over what its runs computed, so a refactor can prove it
// changed no number: it trains each config with `optlab run` (short settings) into a temporary folder and
// hashes, run by run in sorted id order, each run's status and diverged_at and its curve.csv, ntk.csv and
// directions.csv without the wall_ms column (wall_ms measures the machine, not the maths).
//
//   node scripts/curveFingerprint.mjs [--backend cpu,wasm] [--json FILE] [--set path=value ...] [config.yaml ...]
//
// Run it before and after a change (on dist/ built from each) and compare the lines or the JSON files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import YAML from 'yaml';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

// Short runs: 60 steps logged every 20 still cross eval, ntk probes (at 0 and 50) and early divergence.
const SHORT_SETTINGS = ['train.steps=60', 'train.eval_every=20'];
// MNIST's full 10,000 digits make it the slow one; 1,000 train the same code paths.
const MNIST_SETTINGS = ['data.n_train=1000', 'data.n_test=200'];
const HASHED_FILES = ['curve.csv', 'ntk.csv', 'directions.csv'];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    backend: { type: 'string', default: 'cpu,wasm' },
    json: { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const configs = positionals.length > 0
  ? positionals.map((file) => resolve(file))
  : readdirSync(join(root, 'configs')).filter((file) => file.endsWith('.yaml')).sort().map((file) => join(root, 'configs', file));
const backends = values.backend.split(',');

/** The CSV text of `file` with its wall_ms column dropped (re-written with the same quoting rules). */
function withoutWallMs(file) {
  const rows = parse(readFileSync(file, 'utf8'));
  const dropped = rows[0].indexOf('wall_ms');
  return stringify(dropped < 0 ? rows : rows.map((row) => row.filter((_, index) => index !== dropped)));
}

/** SHA-256 over every run of the experiment folder `folder`, in sorted run id order. */
function fingerprint(folder) {
  const hash = createHash('sha256');
  const runs = join(folder, 'runs');
  for (const id of readdirSync(runs).sort()) {
    const record = JSON.parse(readFileSync(join(runs, id, 'run.json'), 'utf8'));
    hash.update(`run ${id} ${record.status} ${record.diverged_at}\n`);
    for (const name of HASHED_FILES) {
      const file = join(runs, id, name);
      if (existsSync(file)) hash.update(`${name}\n${withoutWallMs(file)}`);
    }
  }
  return hash.digest('hex');
}

const results = {};
for (const config of configs) {
  const body = YAML.parse(readFileSync(config, 'utf8'));
  const settings = [...SHORT_SETTINGS, ...(body.data?.kind === 'mnist' ? MNIST_SETTINGS : []), ...values.set];
  for (const backend of backends) {
    const out = mkdtempSync(join(tmpdir(), 'optlab-fingerprint-'));
    try {
      const args = [join(root, 'bin', 'optlab.js'), 'run', config, '--out', out, '--quiet', '--backend', backend, '--jobs', '1',
        ...settings.flatMap((setting) => ['--set', setting])];
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`optlab run ${basename(config)} --backend ${backend} failed:\n${run.stderr}`);
      const key = `${basename(config, '.yaml')} ${backend}`;
      results[key] = fingerprint(join(out, body.name));
      console.log(`${results[key]}  ${key}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
}
if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
