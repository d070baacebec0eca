// Data identity (issue 13, F11): a run's id covers the contents of the data files it reads, so an edited CSV is
// noticed. Before, ids hashed the path alone: a rerun after an edit skipped every run as "already complete" and a
// merge of shards trained on two versions of the file mixed them silently.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/hash.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { tempFolder } from '../config/configFiles.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const TRAIN = 'x,y\n1,2\n2,4\n3,6\n4,8\n';
const TEST = 'x,y\n5,10\n6,12\n';
const CONFIG = `name: csvexp
data: { kind: csv, train: train.csv, test: test.csv, target: y }
model: { kind: linear }
train: { steps: 5, eval_every: 5 }
optimizers: [{ kind: sgd, lr: 0.01 }]
`;

function csvExperiment(): { dir: string; config: string; train: string } {
  const folder = tempFolder();
  const train = folder.write('train.csv', TRAIN);
  folder.write('test.csv', TEST);
  return { dir: folder.dir, config: folder.write('exp.yaml', CONFIG), train };
}

describe('run ids of runs over data files', () => {
  it('are the hash of the config and of the SHA-256 of each file, computed here by hand', () => {
    const { config } = csvExperiment();
    const [run] = loadPlan(config).runs;
    const { name: _name, ...rest } = run.config;
    const expected = sha256(canonicalJson({ ...rest, data_sha256: { train: sha256(TRAIN), test: sha256(TEST) } })).slice(0, 10);
    expect(run.id).toBe(expected);
    const files = run.config.data as { train: string; test: string };
    expect(loadPlan(config).dataDigests).toEqual({ [files.train]: sha256(TRAIN), [files.test]: sha256(TEST) });
  });

  it('change when a file changes by one byte, and not when it is rewritten the same', () => {
    const { config, train } = csvExperiment();
    const before = loadPlan(config).runs[0].id;
    writeFileSync(train, TRAIN);
    expect(loadPlan(config).runs[0].id).toBe(before);
    writeFileSync(train, TRAIN.replace('4,8', '4,9'));
    expect(loadPlan(config).runs[0].id).not.toBe(before);
  });
});

describe('optlab run and merge over an edited data file', () => {
  it('a rerun into the same folder is refused naming the file that changed; a fresh folder trains anew; merge refuses to mix', () => {
    const { dir, config, train } = csvExperiment();
    const run = (out: string) => runOptlab(dir, 'run', config, '--out', out, '--backend', 'cpu', '--jobs', '1', '--quiet');
    expect(run('old').status).toBe(0);
    const [oldId] = readdirSync(`${dir}/old/csvexp/runs`);
    writeFileSync(train, TRAIN.replace('4,8', '4,9'));

    const rerun = run('old');
    expect(rerun.status).toBe(2);
    expect(rerun.stderr).toContain(`the data file ${train} changed since they were trained: sha256 ${sha256(TRAIN).slice(0, 12)}… then, ${sha256(TRAIN.replace('4,8', '4,9')).slice(0, 12)}… now`);
    expect(rerun.stderr).not.toMatch(STACK_TRACE);
    expect(rerun.stdout).not.toContain('already complete');

    const fresh = run('new');
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toContain('1 complete');
    expect(fresh.stdout).not.toContain('already complete');
    const [newId] = readdirSync(`${dir}/new/csvexp/runs`);
    expect(newId).not.toBe(oldId);
    expect(JSON.parse(readFileSync(`${dir}/new/csvexp/plan.json`, 'utf8')).data_sha256[train]).toBe(sha256(TRAIN.replace('4,8', '4,9')));

    const merged = runOptlab(dir, 'merge', 'old/csvexp', 'new/csvexp', '--out', 'merged');
    expect(merged.status).toBe(2);
    expect(merged.stderr).toContain(`they were trained on different contents of the data file ${train}`);
    expect(merged.stderr).not.toMatch(STACK_TRACE);
  });
});
