// Bounds checked before any work (issue 13, F8 F9 F10 F14), through the real CLI: each bad input is refused
// within seconds, exit 2, with one located line (file:line or the --set text, the field, what to do) and no stack
// trace. Before these checks: n_train 1e11 aborted after 40 s at 4.4 GB, a 50 MB YAML list ran out of memory
// after 128 s, a 2,000-segment --set path overflowed the stack, and a FIFO as data.train hung validate forever.
import { execFileSync } from 'node:child_process';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES } from '../../src/config/source.js';
import { MAX_YAML_LIST_ITEMS } from '../../src/config/yamlChecks.js';
import { formatBytes } from '../../src/lib/backendMemory.js';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { tempFolder } from './configFiles.js';

const folder = tempFolder();
const BASE = `name: bounds
data: { kind: linear-regression, n_train: 64, n_test: 32, dim: 4 }
model: { kind: linear }
train: { steps: 5 }
optimizers: [{ kind: sgd, lr: 0.01 }]
`;
const base = folder.write('base.yaml', BASE);

/** Runs `optlab ...args` and checks the common shape of a refusal: exit 2, one clear stderr line, fast. */
function refused(...args: string[]): string {
  const started = Date.now();
  const { status, stdout, stderr } = runOptlab(folder.dir, ...args);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(status).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).not.toMatch(STACK_TRACE);
  return stderr.trim();
}

describe('F8: generated data sized against memory before it is generated', () => {
  it.each(['validate', 'run'])('%s refuses linear-regression n_train 1e11 at its field', (command) => {
    const bytes = (1e11 + 32) * (4 + 1) * 12;
    // 12 bytes per value (float64 drawn, float32 kept) x (n_train + n_test) x (dim + target).
    expect(refused(command, base, '--set', 'data.n_train=100000000000')).toBe(
      `optlab: --set data.n_train=100000000000: data.n_train: expected a dataset that fits in memory, got 100000000000 + 32 examples x 5 values: ` +
        `generating it takes more than ${formatBytes(bytes)}, more than this machine's ${formatBytes(totalmem())}; lower n_train or n_test`,
    );
  });

  it('refuses moons n_train 1e11 written in the file, at its line', () => {
    const file = folder.write('moons.yaml', BASE.replace('{ kind: linear-regression, n_train: 64, n_test: 32, dim: 4 }', '\n  kind: moons\n  n_train: 100000000000'));
    const message = refused('validate', file);
    expect(message).toMatch(/^optlab: .*moons\.yaml:4:\d+: data\.n_train: expected a dataset that fits in memory, got 100000000000 \+ 256 examples x 3 values/);
  });

  it('lets a dataset that fits through', () => {
    expect(runOptlab(folder.dir, 'validate', base, '--set', 'data.n_train=100000').status).toBe(0);
  });
});

describe('F9: config files and lists bounded before they are read into values', () => {
  it('refuses a file over the size limit without parsing it', () => {
    // "  - 123456\n" is 11 bytes: enough items to pass the size limit by one.
    const items = Array.from({ length: Math.ceil(MAX_CONFIG_BYTES / 11) + 1 }, (_, i) => `  - ${100000 + i}\n`);
    const file = folder.write('big.yaml', `name: big\nseeds:\n${items.join('')}`);
    expect(refused('validate', file)).toMatch(
      new RegExp(`^optlab: .*big\\.yaml: expected a config file of at most ${MAX_CONFIG_BYTES / 1024} KiB, got \\d+ KiB`),
    );
  });

  it('refuses a list over the length limit at the list', () => {
    const items = Array.from({ length: MAX_YAML_LIST_ITEMS + 1 }, (_, i) => i).join(', ');
    const file = folder.write('long.yaml', `${BASE}seeds: [${items}]\n`);
    expect(refused('validate', file)).toMatch(new RegExp(`^optlab: .*long\\.yaml:6:8: seeds: expected a list of at most ${MAX_YAML_LIST_ITEMS} items, got ${MAX_YAML_LIST_ITEMS + 1}`));
  });
});

describe('F10: --set paths bounded in depth', () => {
  it('refuses a path of 2,000 segments', () => {
    const text = `${Array.from({ length: 2000 }, () => 'a').join('.')}=1`;
    expect(refused('validate', base, '--set', text)).toBe(`optlab: --set ${text}: expected a path of at most 32 segments, got 2000: a config is a few levels deep`);
  });
});

describe('F14: special files refused as data files', () => {
  it('refuses a FIFO as data.train instead of waiting on it forever', () => {
    const fifo = join(folder.dir, 'train.csv');
    execFileSync('mkfifo', [fifo]);
    folder.write('test.csv', 'x,y\n1,2\n');
    const file = folder.write('fifo.yaml', BASE.replace('{ kind: linear-regression, n_train: 64, n_test: 32, dim: 4 }', '{ kind: csv, train: train.csv, test: test.csv, target: y }'));
    expect(refused('validate', file)).toBe(
      `optlab: ${file}:2:27: data.train: cannot read "train.csv" (${fifo}): is a named pipe (FIFO), not a file: give the path of a regular file`,
    );
  });

  it('refuses a device as the config file', () => {
    expect(refused('validate', '/dev/zero')).toBe('optlab: /dev/zero: cannot read the config file: is a device, not a file: give the path of a regular file');
  });
});
