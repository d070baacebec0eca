// Checks a resolved claim against the groups of a finished experiment: on every seed (paired across groups
// by seed value) or on the groups' mean/median, and says in words what was measured.
import { getAt } from '../config/paths.js';
import type { SweptValue } from '../plan/types.js';
import { leastSquaresSlope, mean, median } from '../report/stats.js';
import type { BinaryOp, CompareOp } from './ast.js';
import { sameValue, type FieldRef, type GroupRef, type Resolved, type ResolvedAxis, type ResolvedClaim } from './resolveClaim.js';

/** One run as a claim reads it: its summary columns (summary.csv's, plus NTK and direction finals) and its config. */
export interface ClaimRun {
  seed: number;
  columns: Readonly<Record<string, unknown>>;
  config: unknown;
}

/** The runs of one group (one per seed): what the evaluator needs from whatever grouping made them. */
export interface ClaimGroup {
  arm: string;
  swept: Readonly<Record<string, SweptValue>>;
  runs: readonly ClaimRun[];
}

export type ClaimValue = number | string | boolean | null;

/** The outcome of one claim: claims.csv's row. */
export interface ClaimResult {
  claim: string;
  passed: boolean;
  /** The left side's value (on the worst seed when every seed is checked); null when it could not be measured. */
  measured: ClaimValue;
  /** "adam[lr=0.01] below gd / 5 on final_train_loss: yes, 7.1x (worst of 3 seeds: seed 2)". */
  text: string;
}

/** The seed a value is taken at, or null for the group's mean/median. */
type At = { seed: number } | null;

class Evaluation {
  constructor(
    private readonly claim: ResolvedClaim,
    private readonly groups: readonly ClaimGroup[],
  ) {}

  groupsOf(ref: GroupRef | undefined): ClaimGroup[] {
    return this.groups.filter(
      (group) => ref === undefined || (group.arm === ref.arm && Object.entries(ref.selectors).every(([field, value]) => sameValue(group.swept[field], value))),
    );
  }

  private runValue(run: ClaimRun, field: FieldRef): ClaimValue {
    const value = field.kind === 'column' ? run.columns[field.name] : getAt(run.config, field.path);
    return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
  }

  /** The value of `field` in `group`: at one seed, or aggregated over its seeds (numbers only). */
  groupValue(group: ClaimGroup, field: FieldRef, at: At): ClaimValue {
    // A swept field by its swept value: shorthands such as model.width are folded into others in the config.
    const swept = field.kind === 'config' ? group.swept[field.text] : undefined;
    if (typeof swept === 'number') return swept;
    if (at !== null) {
      const run = group.runs.find((r) => r.seed === at.seed);
      return run === undefined ? null : this.runValue(run, field);
    }
    const numbers = group.runs.map((run) => this.runValue(run, field)).filter((v): v is number => typeof v === 'number');
    if (numbers.length === 0) return null;
    return this.claim.aggregate === 'median' ? median(numbers) : mean(numbers);
  }

  value(expr: Resolved, at: At): ClaimValue {
    switch (expr.kind) {
      case 'number':
      case 'word':
        return expr.value;
      case 'value': {
        const [group] = this.groupsOf(expr.group);
        return group === undefined ? null : this.groupValue(group, expr.field, at);
      }
      case 'negate': {
        const operand = this.value(expr.operand, at);
        return typeof operand === 'number' ? -operand : null;
      }
      case 'binary': {
        const left = this.value(expr.left, at);
        const right = this.value(expr.right, at);
        return typeof left === 'number' && typeof right === 'number' ? arithmetic(expr.op, left, right) : null;
      }
      case 'slope':
        return this.slope(expr.y, expr.x, at);
    }
  }

  /** Least-squares slope b of y = a + b x over the groups: b = Σ(x - x̄)(y - ȳ) / Σ(x - x̄)²; NaN for fewer than two distinct x. */
  private slope(y: ResolvedAxis, x: ResolvedAxis, at: At): number {
    const groups = this.groupsOf(y.group ?? x.group);
    const scale = (axis: ResolvedAxis, value: ClaimValue) => (typeof value !== 'number' ? Number.NaN : axis.log ? Math.log(value) : value);
    const points = groups
      .map((group) => [scale(x, this.groupValue(group, x.field, at ?? firstSeed(group))), scale(y, this.groupValue(group, y.field, at))])
      .filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));
    return leastSquaresSlope(points.map(([px]) => px), points.map(([, py]) => py));
  }

  /** The seeds to check: those every group named outside slope() has (or, with only slopes, any slope group's). */
  seeds(): number[] {
    const named: ClaimGroup[] = [];
    const slopeGroups: ClaimGroup[] = [];
    const visit = (expr: Resolved): void => {
      if (expr.kind === 'value') named.push(...this.groupsOf(expr.group).slice(0, 1));
      if (expr.kind === 'binary') (visit(expr.left), visit(expr.right));
      if (expr.kind === 'negate') visit(expr.operand);
      if (expr.kind === 'slope') slopeGroups.push(...this.groupsOf(expr.y.group ?? expr.x.group));
    };
    visit(this.claim.left);
    if (this.claim.test.op === 'in') (visit(this.claim.test.low), visit(this.claim.test.high));
    else visit(this.claim.test.right);
    const seedsOf = (group: ClaimGroup) => group.runs.map((run) => run.seed);
    const all = [...new Set([...named, ...slopeGroups].flatMap(seedsOf))].sort((a, b) => a - b);
    return named.length === 0 ? all : all.filter((seed) => named.every((group) => seedsOf(group).includes(seed)));
  }

  /** Which named group has no runs, if one has none. */
  missing(): string | undefined {
    const refs: GroupRef[] = [];
    const visit = (expr: Resolved): void => {
      if (expr.kind === 'value') refs.push(expr.group);
      if (expr.kind === 'binary') (visit(expr.left), visit(expr.right));
      if (expr.kind === 'negate') visit(expr.operand);
    };
    visit(this.claim.left);
    if (this.claim.test.op === 'in') (visit(this.claim.test.low), visit(this.claim.test.high));
    else visit(this.claim.test.right);
    return refs.find((ref) => this.groupsOf(ref).length === 0)?.text;
  }
}

function arithmetic(op: BinaryOp, left: number, right: number): number {
  switch (op) {
    case '+': return left + right;
    case '-': return left - right;
    case '*': return left * right;
    case '/': return left / right;
  }
}

function firstSeed(group: ClaimGroup): At {
  return group.runs.length === 0 ? null : { seed: group.runs[0].seed };
}

function compare(op: CompareOp, left: ClaimValue, right: ClaimValue): boolean {
  if (left === null || right === null) return false;
  if (op === '==') return typeof left === 'number' && typeof right === 'number' ? left === right : String(left) === String(right);
  if (typeof left !== 'number' || typeof right !== 'number') return false;
  switch (op) {
    case '<': return left < right;
    case '>': return left > right;
    case '<=': return left <= right;
    case '>=': return left >= right;
  }
}

/** One check of the claim (at one seed, or on the aggregates). */
interface Outcome {
  at: At;
  left: ClaimValue;
  right: ClaimValue[];
  passed: boolean;
  /** How far inside the test's bounds the left side is (lower is worse; negative fails). */
  margin: number;
}

function outcomeAt(evaluation: Evaluation, claim: ResolvedClaim, at: At): Outcome {
  const left = evaluation.value(claim.left, at);
  const test = claim.test;
  const right = test.op === 'in' ? [evaluation.value(test.low, at), evaluation.value(test.high, at)] : [evaluation.value(test.right, at)];
  const passed = test.op === 'in' ? compare('>=', left, right[0]) && compare('<=', left, right[1]) : compare(test.op, left, right[0]);
  let margin = passed ? 1 : -1;
  if (typeof left === 'number' && right.every((r) => typeof r === 'number')) {
    const [a, b] = right as number[];
    if (test.op === '<' || test.op === '<=') margin = relative(a, left);
    else if (test.op === '>' || test.op === '>=') margin = relative(left, a);
    else if (test.op === 'in') margin = Math.min(left - a, b - left);
  }
  return { at, left, right, passed, margin: Number.isNaN(margin) ? -Infinity : margin };
}

/** How far `big` is above `small`, as a ratio when both are positive (scale-free), else as a difference. */
function relative(big: number, small: number): number {
  return big > 0 && small > 0 ? Math.log(big / small) : big - small;
}

/** Checks `claim` against `groups`. */
export function evaluateClaim(claim: ResolvedClaim, groups: readonly ClaimGroup[]): ClaimResult {
  const evaluation = new Evaluation(claim, groups);
  const subject = describeClaim(claim);
  const missing = evaluation.missing();
  if (missing !== undefined) return { claim: claim.text, passed: false, measured: null, text: `${subject}: no, ${missing} has no finished runs` };
  if (claim.aggregate !== 'every') {
    const outcome = outcomeAt(evaluation, claim, null);
    return { claim: claim.text, passed: outcome.passed, measured: outcome.left, text: `${subject}: ${verdict(outcome)}, ${detail(claim, outcome, evaluation)} (${claim.aggregate} over seeds)` };
  }
  const seeds = evaluation.seeds();
  if (seeds.length === 0) return { claim: claim.text, passed: false, measured: null, text: `${subject}: no, the groups it names share no seed` };
  const outcomes = seeds.map((seed) => outcomeAt(evaluation, claim, { seed }));
  const worst = outcomes.reduce((a, b) => (b.margin < a.margin ? b : a));
  const passed = outcomes.every((outcome) => outcome.passed);
  const failing = outcomes.filter((outcome) => !outcome.passed).length;
  const which =
    outcomes.length === 1
      ? `seed ${seeds[0]}`
      : passed
        ? `worst of ${outcomes.length} seeds: seed ${(worst.at as { seed: number }).seed}`
        : `fails on ${failing} of ${outcomes.length} seeds, e.g. seed ${(worst.at as { seed: number }).seed}`;
  return { claim: claim.text, passed, measured: worst.left, text: `${subject}: ${passed ? 'yes' : 'no'}, ${detail(claim, worst, evaluation)} (${which})` };
}

function verdict(outcome: Outcome): string {
  return outcome.passed ? 'yes' : 'no';
}

/** A number in two significant digits: 7.1, 0.52, 6.1e-6. */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const rounded = Number(x.toPrecision(2));
  // toExponential() without digits gives the rounded value's shortest form: 4e-4, 6.1e-6.
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return rounded.toExponential().replace('e+', 'e');
  return String(rounded);
}

function showValue(value: ClaimValue): string {
  if (value === null) return 'no value';
  return typeof value === 'number' ? shortNumber(value) : String(value);
}

/** The right side without its constant factor: `gd.x / 5` → `gd.x`, for the ratio `7.1x`. */
function base(expr: Resolved): Resolved {
  if (expr.kind === 'binary' && (expr.op === '*' || expr.op === '/') && expr.right.kind === 'number') return base(expr.left);
  if (expr.kind === 'binary' && expr.op === '*' && expr.left.kind === 'number') return base(expr.right);
  return expr;
}

/** What was measured: a ratio for </> between positive values (`7.1x`), else the values themselves. */
function detail(claim: ResolvedClaim, outcome: Outcome, evaluation: Evaluation): string {
  const { test } = claim;
  const left = outcome.left;
  if (test.op === 'in' || test.op === '==') return showValue(left);
  const reference = base(test.right);
  const referenceValue = reference === test.right ? outcome.right[0] : evaluation.value(reference, outcome.at);
  if (typeof left === 'number' && typeof referenceValue === 'number' && left > 0 && referenceValue > 0 && reference.kind !== 'number') {
    const below = test.op === '<' || test.op === '<=';
    return `${shortNumber(below ? referenceValue / left : left / referenceValue)}x (${showValue(left)} vs ${showValue(referenceValue)})`;
  }
  const right = test.right.kind === 'number' ? String(test.right.value) : showValue(outcome.right[0]);
  return `${showValue(left)} vs ${right}`;
}

const RELATION: Record<CompareOp | 'in', string> = { '<': 'below', '<=': 'at most', '>': 'above', '>=': 'at least', '==': 'is', in: 'in' };

function fieldText(field: FieldRef): string {
  return field.kind === 'column' ? field.name : field.text;
}

function sideText(expr: Resolved, omitField?: string): string {
  switch (expr.kind) {
    // A constant as the claim wrote it: rounding `in [0.95, 1.05]` to `in [0.95, 1.1]` would misstate the test.
    case 'number': return String(expr.value);
    case 'word': return String(expr.value);
    case 'value': return omitField === fieldText(expr.field) ? expr.group.text : `${expr.group.text}.${fieldText(expr.field)}`;
    case 'negate': return `-${sideText(expr.operand, omitField)}`;
    case 'binary': return `${sideText(expr.left, omitField)} ${expr.op} ${sideText(expr.right, omitField)}`;
    case 'slope': return expr.text;
  }
}

/** The claim in words: "adam[lr=0.01] below gd / 5 on final_train_loss", "sgd[lr=0.08] status is diverged". */
export function describeClaim(claim: ResolvedClaim): string {
  const { left, test } = claim;
  if (test.op === 'in') return `${sideText(left)} in [${sideText(test.low)}, ${sideText(test.high)}]`;
  const reference = base(test.right);
  if (left.kind === 'value' && reference.kind === 'value' && fieldText(left.field) === fieldText(reference.field)) {
    const field = fieldText(left.field);
    return `${left.group.text} ${RELATION[test.op]} ${sideText(test.right, field)} on ${field}`;
  }
  if (left.kind === 'value' && test.op === '==') return `${left.group.text} ${fieldText(left.field)} is ${sideText(test.right)}`;
  return `${sideText(left)} ${RELATION[test.op]} ${sideText(test.right)}`;
}
