// The syntax tree of one claim of a config's `expect:` list, as the parser reads it (names not yet checked).

/** A character range in the claim's text (0-based offset), for messages that point at a word. */
export interface Span {
  start: number;
  end: number;
}

/** `lr=0.01` inside `adam[lr=0.01]`: a swept field (its short or dotted name) and the value it must have. */
export interface Selector {
  field: string;
  value: number | string | boolean;
  span: Span;
}

/** One segment of a dotted name: a word with optional `[field=value, ...]` selectors, or a list index `[0]`. */
export type Segment = { name: string; selectors: Selector[]; span: Span } | { index: number; span: Span };

export type BinaryOp = '+' | '-' | '*' | '/';

export type Expr =
  | { kind: 'number'; value: number; span: Span }
  /** A bare word that is not a name: a status such as `diverged`, or `true`/`false`. */
  | { kind: 'word'; value: string | boolean; span: Span }
  /** A dotted name: `gd.final_train_loss`, `adam[lr=0.01].status`, `model.hidden[0]` (resolved later). */
  | { kind: 'name'; segments: Segment[]; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'negate'; operand: Expr; span: Span }
  /** `slope(y, x)`: the least-squares slope of y against x over the groups. */
  | { kind: 'slope'; y: Axis; x: Axis; span: Span };

/** An argument of slope(): a name, optionally on a log scale (natural log; a slope does not depend on the base). */
export interface Axis {
  log: boolean;
  name: Extract<Expr, { kind: 'name' }>;
}

export type CompareOp = '<' | '>' | '<=' | '>=' | '==';

/** How the runs of a group are combined: each seed on its own (paired across groups by seed value), or their mean/median. */
export type Aggregate = 'every' | 'mean' | 'median';

export type Test = { op: CompareOp; right: Expr } | { op: 'in'; low: Expr; high: Expr };

export interface Claim {
  /** The claim as written. */
  text: string;
  aggregate: Aggregate;
  left: Expr;
  test: Test;
}
