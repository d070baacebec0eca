// optlab's benchmark (docs/performance.md): each case measured side by side with its reference in one run,
// the median of several repetitions, printed as a table of ratios against the issue's targets and written
// as JSON. PyTorch is the reference where a Python with torch is found (nothing is installed); without it
// the optlab figures are printed alone.
//
// Usage: npm run bench [-- --reps 5 --only a,b,c,d,e,f,g --backend wasm --json bench/out/results.json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jobs } from './cases/jobs.js';
import { linearStep } from './cases/linearStep.js';
import { mlpStep, mlpStepThreads } from './cases/mlpStep.js';
import { ntk } from './cases/ntk.js';
import { ntkPredict } from './cases/ntkPredict.js';
import { startup } from './cases/startup.js';
import { sweep } from './cases/sweep.js';
import { distModule, outDir } from './lib/optlab.js';
import { formatted } from './lib/stats.js';
import { findTorchPython, TorchWorker } from './lib/torch.js';

const CASES = { a: mlpStep, b: linearStep, c: sweep, d: ntk, e: jobs, f: startup, g: ntkPredict };

const { values } = parseArgs({
  options: {
    // 5 repetitions: the issue asks for the median of at least 5.
    reps: { type: 'string', default: '5' },
    only: { type: 'string', default: Object.keys(CASES).join(',') },
    // wasm: the backend the targets are set for (tfjs-node, where installed, is another benchmark).
    backend: { type: 'string', default: 'wasm' },
    json: { type: 'string', default: join(outDir, 'results.json') },
    // XNNPACK threads of the in-process cases; absent: b and d run with one and a in a process of its own with
    // the threads `optlab run` gives its MLP (a process picks its threads once, src/backend/wasmThreads.ts).
    'wasm-threads': { type: 'string' },
  },
});
const reps = Number(values.reps);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, got ${values.reps}`);
const selected = values.only.split(',').map((id) => id.trim());
for (const id of selected) if (!(id in CASES)) throw new Error(`--only: unknown case ${id} (cases: ${Object.keys(CASES).join(', ')})`);

const log = (line) => process.stderr.write(`${line}\n`);

/** The row's ratio: optlab / reference, reference / optlab (`invert`), or the extra share (`overhead`). */
function ratioOf(row) {
  if (row.target.on === 'value') return row.optlab?.median ?? null;
  if (!row.optlab || !row.reference) return null;
  if (row.overhead) return row.optlab.median / row.reference.median - 1;
  return row.invert ? row.reference.median / row.optlab.median : row.optlab.median / row.reference.median;
}

function table(rows) {
  const lines = [
    '| case | measure | optlab | reference | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const reference = row.reference ? `${formatted(row.reference.median)} ${row.unit} (${row.referenceName ?? 'PyTorch'})` : '—';
    const optlab = row.optlab ? `${formatted(row.optlab.median)} ${row.unit}` : (row.note ?? 'n/a');
    const ratio = row.ratio === null ? '—' : `${formatted(row.ratio)}${row.target.on === 'value' ? ` ${row.unit}` : ''}`;
    const target = `${row.target.on === 'value' ? 'value' : row.ratioOf} ${row.target.op === '<=' ? '≤' : '≥'} ${row.target.value}`;
    const met = row.met === null ? '—' : row.met ? 'yes' : 'NO';
    lines.push(`| ${row.id} | ${row.measure}${row.note && row.optlab ? ` (${row.note})` : ''} | ${optlab} | ${reference} | ${ratio} | ${target} | ${met} |`);
  }
  return lines.join('\n');
}

/** Rows of `ids` measured by a child benchmark process whose in-process cases use `threads` XNNPACK threads. */
function childRows(ids, threads) {
  const json = join(outDir, `results-threads-${threads}.json`);
  const args = ['--only', ids.join(','), '--reps', String(reps), '--backend', values.backend, '--wasm-threads', String(threads), '--json', json];
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (child.status !== 0) throw new Error(`the benchmark of case(s) ${ids.join(',')} with ${threads} threads exited ${child.status}`);
  return JSON.parse(readFileSync(json, 'utf8')).rows;
}

// Cases whose optlab side runs in a process of its own, with its XNNPACK threads.
const separate = new Map();
if (values['wasm-threads'] === undefined && selected.includes('a')) {
  const threads = await mlpStepThreads();
  if (threads !== 1) separate.set('a', threads);
}
const { useBackend } = await distModule('index.js');
const backend = await useBackend(values.backend, { wasmThreads: Number(values['wasm-threads'] ?? 1) });
const python = findTorchPython();
const torch = python ? new TorchWorker(python) : null;
const machine = { cpus: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtStart: loadavg() };
let torchInfo = null;
try {
  if (torch) {
    const { ok: _ok, ...answer } = await torch.request({ case: 'info' });
    torchInfo = { executable: python, ...answer };
  }
  const described = torchInfo && `${torchInfo.torch} (${python}; torch threads ${torchInfo.torch_threads}, BLAS ${torchInfo.blas}, BLAS threads ${torchInfo.blas_threads})`;
  log(`backend ${backend}; ${reps} repetitions; PyTorch: ${described ?? 'not found (optlab figures only)'}`);
  const rows = [];
  for (const id of selected) {
    if (separate.has(id)) {
      log(`case ${id}: in a process of its own with ${separate.get(id)} XNNPACK threads`);
      rows.push(...childRows([id], separate.get(id)));
      continue;
    }
    const caseRows = await CASES[id]({ reps, backend, torch, log });
    for (const row of caseRows) {
      const ratio = ratioOf(row);
      const met = ratio === null ? null : row.target.op === '<=' ? ratio <= row.target.value : ratio >= row.target.value;
      rows.push({ ...row, ratio, met });
    }
  }
  const text = table(rows);
  process.stdout.write(`${text}\n`);
  const report = { date: new Date().toISOString(), backend, reps, machine: { ...machine, loadAverageAtEnd: loadavg() }, torch: torchInfo, rows };
  mkdirSync(dirname(values.json), { recursive: true });
  writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  log(`written ${values.json}`);
} finally {
  torch?.close();
}
