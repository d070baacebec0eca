// Claims checked against the plan before anything trains: a claim that cannot be read, or that names a group,
// swept value or column the runs will not have, is a config problem at its file, line and `expect[i]`.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/errors.js';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from '../config/configFiles.js';
import { problemAt, problemsOf } from '../config/problemsOf.js';

/** A config with gd and adam at two lrs on linear regression, and the claims given (its `expect:` starts at line 8). */
function config(claims: string[]): string {
  const lines = [
    'name: claims',
    'description: |',
    '  Adam against GD.',
    '  Second line.',
    'optimizers:',
    '  - { kind: gd, lr: 0.01 }',
    '  - { kind: adam, lr: [0.01, 0.1] }',
    'expect:',
    ...claims.map((claim) => `  - ${JSON.stringify(claim)}`),
  ];
  return tempFolder().write('claims.yaml', `${lines.join('\n')}\n`);
}

describe('expect: in a config', () => {
  it('keeps the description and the claims that name what the runs will have', () => {
    const plan = loadPlan(config(['adam[lr=0.1].final_train_loss < gd.final_train_loss', 'mean gd.final_error_smallest_sigma > 0']));
    expect(plan.description).toBe('Adam against GD.\nSecond line.\n');
    expect(plan.expect).toEqual(['adam[lr=0.1].final_train_loss < gd.final_train_loss', 'mean gd.final_error_smallest_sigma > 0']);
  });

  it('refuses, at the line of each bad claim, a misspelt arm or column, an unrun value and a claim that does not parse', () => {
    const file = config([
      'adma.final_train_loss < 1',
      'gd.final_trian_loss < 1',
      'adam[lr=0.3].final_train_loss < 1',
      'gd.final_kernel_rel_change < 1',
      'gd.final_train_loss <',
    ]);
    const problems = problemsOf(file);
    expect(problems).toHaveLength(5);
    // The claims are lines 9..13 of the file; each value starts after "  - " (column 5).
    expect(problemAt(problems, 'expect[0]').location).toMatchObject({ file, line: 9, col: 5 });
    expect(formatProblem(problemAt(problems, 'expect[0]'))).toContain('"adma" names no arm: expected one of gd, adam (did you mean "adam"?)');
    expect(problemAt(problems, 'expect[1]').location).toMatchObject({ line: 10 });
    expect(formatProblem(problemAt(problems, 'expect[1]'))).toContain('did you mean "final_train_loss"?');
    expect(problemAt(problems, 'expect[2]').message).toContain('adam with lr=0.3, a value it does not run: its lr values are 0.01, 0.1');
    // No run measures the NTK (no metrics.ntk): the column will not exist.
    expect(problemAt(problems, 'expect[3]').message).toContain('neither a summary column of gd nor a config field');
    expect(problemAt(problems, 'expect[4]').location).toMatchObject({ line: 13 });
    expect(problemAt(problems, 'expect[4]').message).toBe(
      'cannot read this claim: expected a number, a name such as gd.final_train_loss, or slope(y, x), found the end of the claim',
    );
  });

  it('refuses a description or claim of the wrong type', () => {
    const file = tempFolder().write('bad.yaml', 'name: bad\ndescription: [1]\nexpect: adam.x < 1\noptimizers: [{ kind: gd }]\n');
    const problems = problemsOf(file);
    expect(problemAt(problems, 'description').location).toMatchObject({ line: 2 });
    expect(problemAt(problems, 'expect').location).toMatchObject({ line: 3 });
  });
});
