// A config cannot make optlab write outside --out or run code: unsafe experiment names, YAML tags, keys
// that reach Object.prototype (in the file or through --set) and looping aliases are refused at their place.
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/loadPlan.js';
import { tempFolder } from './configFiles.js';
import { problemAt, problemsOf } from './problemsOf.js';

const ARMS = 'optimizers: [{ kind: sgd }]\n';

/** Keys of Object.prototype before any config is read. */
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('experiment names', () => {
  // Each would put the experiment folder outside --out, hide it, or name a device on Windows.
  const unsafe = ['../up', '..', '.', 'a/b', 'a\\b', '/abs', 'C:\\x', '.hidden', 'ends.', 'CON', 'nul', 'Com1', 'lpt9.txt', 'aux.tar.gz', 'a b', 'é', 'x'.repeat(101), ''];
  for (const name of unsafe) {
    it(`refuses ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}...` : name)} and says which characters are allowed`, () => {
      const file = tempFolder().write('name.yaml', `name: ${JSON.stringify(name)}\n${ARMS}`);
      const problem = problemAt(problemsOf(file), 'name');
      expect(problem.location).toEqual({ file, line: 1, col: 7 });
      expect(problem.message).toContain("letters (A-Z, a-z), digits, '-', '_' and '.'");
    });
  }

  it('refuses a name holding a NUL character, whether raw or escaped', () => {
    const folder = tempFolder();
    const escaped = folder.write('escaped.yaml', `name: "a\\0b"\n${ARMS}`);
    expect(problemAt(problemsOf(escaped), 'name').message).toMatch(/^expected a folder name/);
    const raw = folder.write('raw.yaml', `name: a\u0000b\n${ARMS}`);
    expect(problemsOf(raw)[0]).toMatchObject({ location: { file: raw, line: 1, col: 8 }, message: 'a character YAML does not allow (U+0000, invisible): delete it' });
  });

  it('accepts ordinary folder names, up to 100 characters', () => {
    for (const name of ['adam-vs-sgd', 'run_2.v3', 'CONSOLE', 'nul1', '-x', 'a..b', 'x'.repeat(100)]) {
      const file = tempFolder().write('name.yaml', `name: ${JSON.stringify(name)}\n${ARMS}`);
      expect(loadPlan(file).name).toBe(name);
    }
  });
});

describe('YAML that could run code or reach the prototype', () => {
  it('refuses every tag, so no constructor behind one ever runs', () => {
    const tags = ['!!js/function "function () { globalThis.pwned = true }"', '!!python/object/apply:os.system ["true"]', '!foo 1', '!!binary aGk=', '!!set { a }', '!!str 5'];
    for (const tagged of tags) {
      const file = tempFolder().write('tag.yaml', `name: x\nseeds: ${tagged}\n${ARMS}`);
      // "seeds: " is 7 characters; the value after the tag is what the position names.
      const [problem] = problemsOf(file);
      expect(problem).toMatchObject({ location: { file, line: 2 }, path: 'seeds' });
      expect(problem.message).toMatch(/^YAML tags are not supported \(found !\S+\): write the plain value without the tag$/);
    }
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it('refuses __proto__, constructor and prototype keys anywhere, leaving Object.prototype untouched', () => {
    const file = tempFolder().write(
      'proto.yaml',
      ['name: x', '__proto__: { polluted: 1 }', 'data: { kind: moons, constructor: { prototype: { polluted: 1 } } }', 'optimizers:', '  - { kind: sgd, prototype: 1 }', ''].join('\n'),
    );
    const problems = problemsOf(file);
    // "data: { kind: moons, " is 21 characters and "  - { kind: sgd, " 17: the keys start at columns 22 and 18.
    expect(problems.map((p) => [p.location.line, p.location.col, p.path])).toEqual([
      [2, 1, '__proto__'],
      [3, 22, 'data.constructor'],
      [5, 18, 'optimizers[0].prototype'],
    ]);
    expect(problems[0].message).toBe('the key "__proto__" is not allowed: it names a JavaScript object\'s internals, not a config field');
    expectPrototypeUntouched();
  });

  it('refuses --set paths through __proto__, constructor or prototype', () => {
    const file = tempFolder().write('ok.yaml', `name: x\n${ARMS}`);
    for (const set of ['__proto__.polluted=1', 'constructor.prototype.polluted=1', 'train.__proto__.polluted=1', 'optimizers[0].__proto__.polluted=1']) {
      const [problem] = problemsOf(file, { set: [set] });
      expect(problem.location).toEqual({ file: `--set ${set}` });
      expect(problem.message).toMatch(/^the key "(__proto__|constructor)" is not allowed/);
      expectPrototypeUntouched();
    }
  });

  it('treats inherited names (toString, hasOwnProperty) as unknown keys', () => {
    const file = tempFolder().write('inherited.yaml', `name: x\ntrain: { toString: [1, 2] }\noptimizers: [{ kind: sgd, hasOwnProperty: 1 }]\n`);
    const problems = problemsOf(file);
    expect(problemAt(problems, 'train.toString').message).toMatch(/^unknown key "toString": expected one of steps/);
    expect(problemAt(problems, 'optimizers[0].hasOwnProperty').message).toMatch(/^unknown key "hasOwnProperty": expected one of kind, name, lr/);
    expect(problemAt(problems, 'optimizers[0].hasOwnProperty').hint).toBeUndefined();
  });

  it('refuses aliases that loop, name no anchor, or expand without bound, at the alias', () => {
    const folder = tempFolder();
    const loop = folder.write('loop.yaml', `name: x\nseeds: &s [*s]\n${ARMS}`);
    expect(problemsOf(loop)[0]).toMatchObject({ location: { file: loop, line: 2, col: 12 }, path: 'seeds[0]' });
    const unknown = folder.write('unknown.yaml', `name: x\nseeds: *nope\n${ARMS}`);
    expect(problemsOf(unknown)[0]).toMatchObject({ location: { file: unknown, line: 2, col: 8 }, message: 'alias *nope names no anchor: define &nope on a value before using *nope' });
    const levels = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (const [name, below] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']]) levels.push(`${name}: &${name} [${Array(10).fill(`*${below}`).join(', ')}]`);
    const bomb = folder.write('bomb.yaml', `${levels.join('\n')}\nname: x\n${ARMS}`);
    // The first alias is "*a" on line 2, after "b: &b [".
    expect(problemsOf(bomb)).toEqual([{ location: { file: bomb, line: 2, col: 8 }, path: '', message: expect.stringMatching(/^aliases \(\*name\) here expand to too many values/) }]);
  });

  it('keeps merge keys, which let arms share settings, and refuses a merge of a non-mapping', () => {
    const folder = tempFolder();
    const merged = folder.write('merge.yaml', `name: x\noptimizers:\n  - &base { kind: adam, lr: 0.1 }\n  - { <<: *base, lr: 0.2, name: adam-2 }\n`);
    expect(loadPlan(merged).runs.map((r) => [r.arm, r.config.optimizer.kind, r.config.optimizer.lr])).toEqual([
      ['adam', 'adam', 0.1],
      ['adam-2', 'adam', 0.2],
    ]);
    const bad = folder.write('bad-merge.yaml', `name: x\noptimizers: [{ <<: 5, kind: sgd }]\n`);
    expect(problemsOf(bad)[0]).toMatchObject({ location: { file: bad, line: 2, col: 16 }, path: 'optimizers[0].<<' });
  });
});
