// Fuzz: damaged versions of the example configs either load, or are refused with a ConfigError whose every
// problem names the file, a line and the field, in a message of a known class (tests/fuzz/userMessages.ts);
// never an internal error, a polluted Object.prototype, or an experiment name that leaves --out. A handful
// of cases go through the real CLI: exit 2, no stack trace, no result folder.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/errors.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { runOptlab, STACK_TRACE } from '../helpers/cli.js';
import { mutatedConfig, VALID_CONFIGS } from './configMutations.js';
import { checkConfigError } from './userMessages.js';

/** Fixed so that CI sees the same cases every time; fast-check prints the seed and path of a failure to replay it. */
const SEED = 20_261_129;

const folder = mkdtempSync(join(tmpdir(), 'optlab-fuzz-config-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Keys of Object.prototype before any config is read: a polluting config would add one. */
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** Loads `text` as a config file; returns the message classes of its problems ([] when it loads). */
function loadOrExplain(text: string): string[] {
  const file = join(folder, 'mutated.yaml');
  writeFileSync(file, text);
  try {
    const plan = loadPlan(file);
    // Whatever loads names a folder directly inside --out.
    expect(dirname(resolve('/out', plan.name))).toBe(resolve('/out'));
    return [];
  } catch (error) {
    return checkConfigError(error, file);
  } finally {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  }
}

describe('fuzzing configs', () => {
  it('loads every example config unchanged', () => {
    for (const text of Object.values(VALID_CONFIGS)) expect(loadOrExplain(text)).toEqual([]);
  });

  it('refuses every damaged config with located, actionable messages, or loads it', () => {
    const classes = new Map<string, number>();
    fc.assert(
      fc.property(mutatedConfig, ({ text }) => {
        for (const name of loadOrExplain(text)) classes.set(name, (classes.get(name) ?? 0) + 1);
      }),
      { seed: SEED, numRuns: 600 },
    );
    // The fuzzer reaches the main kinds of damage (a weaker generator would pass vacuously).
    for (const name of ['YAML syntax', 'YAML tag', 'unknown key', 'wrong value', 'nesting too deep', 'prototype key']) {
      expect(classes.get(name), `no "${name}" problem among ${[...classes.keys()].join(', ')}`).toBeGreaterThan(0);
    }
  }, 60_000);

  it('exits 2 through the real CLI, without a stack trace or a result folder', () => {
    const refused = fc
      .sample(mutatedConfig, { seed: SEED, numRuns: 200 })
      .filter(({ text }) => {
        writeFileSync(join(folder, 'probe.yaml'), text);
        try {
          loadPlan(join(folder, 'probe.yaml'));
          return false;
        } catch (error) {
          return error instanceof ConfigError;
        }
      })
      .slice(0, 4);
    expect(refused).toHaveLength(4);
    refused.forEach(({ text }, i) => {
      writeFileSync(join(folder, `cli-${i}.yaml`), text);
      const command = i % 2 === 0 ? ['run', `cli-${i}.yaml`, '--out', 'out', '--backend', 'cpu'] : ['validate', `cli-${i}.yaml`];
      const { status, stderr } = runOptlab(folder, ...command);
      expect(status, stderr).toBe(2);
      expect(stderr).toMatch(new RegExp(`^optlab: cli-${i}\\.yaml(:\\d+)?`));
      expect(stderr).not.toMatch(STACK_TRACE);
      expect(existsSync(join(folder, 'out'))).toBe(false);
    });
  }, 60_000);
});
