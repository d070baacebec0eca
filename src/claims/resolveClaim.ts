// Checks a parsed claim's names against what the experiment has (its arms, swept fields, summary columns and
// config fields) and turns it into the form the evaluator reads: every name bound to a group and a field.
import type { Path } from '../config/paths.js';
import { didYouMean } from '../config/suggest.js';
import type { SweptValue } from '../plan/types.js';
import type { Aggregate, Axis, BinaryOp, Claim, CompareOp, Expr, Segment, Selector, Span } from './ast.js';
import { ClaimSyntaxError } from './claimSyntaxError.js';

/** A group as a claim can name it: an arm and its value of each swept field. */
export interface ScopeGroup {
  arm: string;
  swept: Record<string, SweptValue>;
  /** The summary columns its runs have. */
  columns: readonly string[];
}

/** What names a claim may use. */
export interface ClaimScope {
  groups: readonly ScopeGroup[];
  /** Dotted paths of the swept fields. */
  sweptFields: readonly string[];
  /** Whether `path` names a field of the runs' resolved configs (e.g. model.hidden[0]). */
  hasConfigPath(path: Path): boolean;
}

/** Columns whose values are words, not numbers: they can only be compared with `==`. */
export const WORD_COLUMNS: readonly string[] = ['status', 'arm', 'backend', 'run_id'];

/** An arm narrowed by swept values: `adam[lr=0.01]`, selectors by full field path. */
export interface GroupRef {
  arm: string;
  selectors: Record<string, number | string | boolean>;
  /** As written, for messages and the human text. */
  text: string;
}

/** Where a run's value comes from: a summary column, or a field of its config. */
export type FieldRef = { kind: 'column'; name: string } | { kind: 'config'; path: Path; text: string };

export interface ResolvedAxis {
  log: boolean;
  /** The groups fitted: those of one arm (narrowed), or every group when absent. */
  group?: GroupRef;
  field: FieldRef;
}

export type Resolved =
  | { kind: 'number'; value: number }
  | { kind: 'word'; value: string | boolean }
  | { kind: 'value'; group: GroupRef; field: FieldRef }
  | { kind: 'binary'; op: BinaryOp; left: Resolved; right: Resolved }
  | { kind: 'negate'; operand: Resolved }
  | { kind: 'slope'; y: ResolvedAxis; x: ResolvedAxis; text: string };

export type ResolvedTest = { op: CompareOp; right: Resolved } | { op: 'in'; low: Resolved; high: Resolved };

export interface ResolvedClaim {
  text: string;
  aggregate: Aggregate;
  left: Resolved;
  test: ResolvedTest;
}

function fail(reason: string, span: Span, hint?: string): never {
  throw new ClaimSyntaxError(reason, span, hint);
}

function valueText(value: SweptValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/**
 * Whether a swept value equals what a selector wrote (numbers by value: 1e-2 is 0.01). A swept kind with
 * parameters, labelled `cosine(min_factor=0)`, is also named by its kind alone (`schedule=cosine`); one that
 * then names two groups is refused as ambiguous where groups are counted.
 */
export function sameValue(swept: SweptValue | undefined, written: number | string | boolean): boolean {
  if (swept === undefined) return false;
  if (typeof swept === 'number' && typeof written === 'number') return swept === written;
  const text = valueText(swept);
  return text === String(written) || (typeof written === 'string' && text.startsWith(`${written}(`));
}

/** The full path of the swept field a selector names: its dotted path, or its last segment when only one field ends so. */
function sweptFieldOf(selector: Selector, fields: readonly string[]): string {
  if (fields.includes(selector.field)) return selector.field;
  const endingSo = fields.filter((field) => field.endsWith(`.${selector.field}`));
  if (endingSo.length === 1) return endingSo[0];
  if (endingSo.length > 1) fail(`[${selector.field}=...] could mean ${endingSo.join(' or ')}: write the whole path`, selector.span);
  const names = [...fields, ...fields.map((field) => field.slice(field.lastIndexOf('.') + 1))];
  fail(
    fields.length === 0
      ? `it narrows by ${selector.field}, but the experiment sweeps no field`
      : `it narrows by ${selector.field}, which is not a swept field: expected one of ${fields.join(', ')}`,
    selector.span,
    didYouMean(selector.field, names),
  );
}

class Resolver {
  constructor(private readonly scope: ClaimScope) {}

  private arms(): string[] {
    return [...new Set(this.scope.groups.map((group) => group.arm))];
  }

  /** The groups `ref` matches. */
  groupsOf(ref: GroupRef): ScopeGroup[] {
    return this.scope.groups.filter(
      (group) => group.arm === ref.arm && Object.entries(ref.selectors).every(([field, value]) => sameValue(group.swept[field], value)),
    );
  }

  private groupRef(segment: Extract<Segment, { name: string }>, text: string): GroupRef {
    const selectors: Record<string, number | string | boolean> = {};
    for (const selector of segment.selectors) {
      const field = sweptFieldOf(selector, this.scope.sweptFields);
      const values = [...new Set(this.scope.groups.filter((g) => g.arm === segment.name && g.swept[field] !== undefined).map((g) => valueText(g.swept[field])))];
      if (values.length === 0) fail(`it narrows ${segment.name} by ${selector.field}, which that arm does not sweep`, selector.span);
      if (!values.some((value) => sameValue(value, selector.value))) {
        fail(`it names ${segment.name} with ${selector.field}=${selector.value}, a value it does not run: its ${selector.field} values are ${values.join(', ')}`, selector.span);
      }
      selectors[field] = selector.value;
    }
    return { arm: segment.name, selectors, text };
  }

  /** A field of a run: one column word, or a config path (words and indexes). */
  private field(segments: readonly Segment[], span: Span, groups: readonly ScopeGroup[], owner: string): FieldRef {
    const columns = [...new Set(groups.flatMap((group) => [...group.columns]))];
    const first = segments[0];
    if (segments.length === 1 && 'name' in first && first.selectors.length === 0) {
      if (columns.includes(first.name)) {
        const missing = groups.find((group) => !group.columns.includes(first.name));
        if (missing) fail(`it reads column ${first.name}, which the runs of ${missing.arm} do not have`, span);
        return { kind: 'column', name: first.name };
      }
      // A swept field by its short name: slope(..., log width).
      const swept = this.scope.sweptFields.filter((field) => field === first.name || field.endsWith(`.${first.name}`));
      if (swept.length === 1) return { kind: 'config', path: swept[0].split('.'), text: swept[0] };
    }
    const path: (string | number)[] = [];
    for (const segment of segments) {
      if ('index' in segment) path.push(segment.index);
      else if (segment.selectors.length > 0) fail(`it narrows ${segment.name}, which is not an arm`, segment.span);
      else path.push(segment.name);
    }
    const text = formatPathText(path);
    if (path.length > 1 && (this.scope.hasConfigPath(path) || this.scope.sweptFields.includes(text))) return { kind: 'config', path, text };
    const word = typeof path[0] === 'string' ? path[0] : '';
    fail(
      `it reads ${formatPathText(path)}, which is neither a summary column of ${owner} nor a config field`,
      span,
      didYouMean(word, columns) ?? (path.length === 1 ? `columns: ${columns.join(', ')}` : undefined),
    );
  }

  private name(expr: Extract<Expr, { kind: 'name' }>, inSlope: boolean): { group?: GroupRef; field: FieldRef } {
    const [first, ...rest] = expr.segments;
    const arms = this.arms();
    if ('name' in first && arms.includes(first.name)) {
      const text = first.selectors.length === 0 ? first.name : `${first.name}[${first.selectors.map((s) => `${s.field}=${s.value}`).join(', ')}]`;
      const group = this.groupRef(first, text);
      const groups = this.groupsOf(group);
      if (groups.length === 0) fail(`it names ${text}, which matches no group of runs`, first.span);
      if (!inSlope && groups.length > 1) {
        const varying = this.scope.sweptFields.filter((field) => new Set(groups.map((g) => valueText(g.swept[field] ?? ''))).size > 1);
        fail(`${text} names ${groups.length} groups (they differ in ${varying.join(', ')}): narrow it, as in ${first.name}[${varying[0]?.slice(varying[0].lastIndexOf('.') + 1)}=...]`, first.span);
      }
      if (rest.length === 0) fail(`it names the group ${text} but no column: add one, as in ${text}.final_train_loss`, expr.span);
      return { group, field: this.field(rest, spanOf(rest), groups, text) };
    }
    if (!inSlope) {
      const written = 'name' in first ? first.name : '';
      fail(`"${written}" names no arm: expected one of ${arms.join(', ')}`, first.span, didYouMean(written, arms));
    }
    return { field: this.field(expr.segments, expr.span, this.scope.groups, 'the experiment') };
  }

  private axis(axis: Axis): ResolvedAxis {
    const { group, field } = this.name(axis.name, true);
    if (field.kind === 'column' && WORD_COLUMNS.includes(field.name)) fail(`slope() fits numbers, but ${field.name} holds words`, axis.name.span);
    return { log: axis.log, ...(group ? { group } : {}), field };
  }

  expr(expr: Expr, text: string): Resolved {
    switch (expr.kind) {
      case 'number':
        return { kind: 'number', value: expr.value };
      case 'word': {
        const arms = this.arms();
        if (typeof expr.value === 'string' && arms.includes(expr.value)) {
          fail(`it names the group ${expr.value} but no column: add one, as in ${expr.value}.final_train_loss`, expr.span);
        }
        return { kind: 'word', value: expr.value };
      }
      case 'name': {
        const { group, field } = this.name(expr, false);
        return { kind: 'value', group: group!, field };
      }
      case 'binary':
        return { kind: 'binary', op: expr.op, left: this.numeric(expr.left, text), right: this.numeric(expr.right, text) };
      case 'negate':
        return { kind: 'negate', operand: this.numeric(expr.operand, text) };
      case 'slope':
        return { kind: 'slope', y: this.axis(expr.y), x: this.axis(expr.x), text: text.slice(expr.span.start, expr.span.end) };
    }
  }

  /** An operand of arithmetic: it must hold numbers. */
  private numeric(expr: Expr, text: string): Resolved {
    const resolved = this.expr(expr, text);
    if (isWordValued(resolved)) fail(`arithmetic needs numbers, but ${text.slice(expr.span.start, expr.span.end)} is a word`, expr.span);
    return resolved;
  }
}

function isWordValued(expr: Resolved): boolean {
  return expr.kind === 'word' || (expr.kind === 'value' && expr.field.kind === 'column' && WORD_COLUMNS.includes(expr.field.name));
}

function formatPathText(path: Path): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

function spanOf(segments: readonly Segment[]): Span {
  return { start: segments[0].span.start, end: segments[segments.length - 1].span.end };
}

/** Binds every name of `claim` in `scope`; a ClaimSyntaxError says which name exists nowhere, with a did-you-mean. */
export function resolveClaim(claim: Claim, scope: ClaimScope): ResolvedClaim {
  const resolver = new Resolver(scope);
  const left = resolver.expr(claim.left, claim.text);
  const span = { start: 0, end: claim.text.length };
  if (claim.test.op === 'in') {
    const low = resolver.expr(claim.test.low, claim.text);
    const high = resolver.expr(claim.test.high, claim.text);
    if ([left, low, high].some(isWordValued)) fail('"in [low, high]" needs numbers on every side', span);
    return { text: claim.text, aggregate: claim.aggregate, left, test: { op: 'in', low, high } };
  }
  const right = resolver.expr(claim.test.right, claim.text);
  const words = [left, right].filter(isWordValued).length;
  if (words > 0 && claim.test.op !== '==') fail(`words (such as a status) can only be compared with ==, not ${claim.test.op}`, span);
  if (words > 0 && claim.aggregate !== 'every') fail(`${claim.aggregate} needs numbers, but it compares words`, span);
  return { text: claim.text, aggregate: claim.aggregate, left, test: { op: claim.test.op, right } };
}
