// The claim parser: recursive descent over the tokens, one function per rule of the grammar
//   claim   := ('mean' | 'median')? expr test
//   test    := ('<' | '>' | '<=' | '>=' | '==') expr | 'in' '[' expr ',' expr ']'
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := '-' unary | primary
//   primary := number | '(' expr ')' | 'slope' '(' axis ',' axis ')' | name | word
//   axis    := 'log'? name
//   name    := segment ('.' segment | '[' integer ']')*      segment := word ('[' field '=' value (',' ...)* ']')?
import type { Aggregate, Axis, Claim, CompareOp, Expr, Segment, Selector, Span } from './ast.js';
import { ClaimSyntaxError } from './claimSyntaxError.js';
import { tokenize, type Token } from './tokens.js';

const COMPARISONS: readonly string[] = ['<', '>', '<=', '>=', '=='];

type NameExpr = Extract<Expr, { kind: 'name' }>;

class Parser {
  private readonly tokens: Token[];
  private at = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private isOp(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'op' && token.text === text;
  }

  private fail(expected: string, token = this.peek()): never {
    const found = token.kind === 'end' ? 'the end of the claim' : JSON.stringify(token.text);
    throw new ClaimSyntaxError(`expected ${expected}, found ${found}`, token.span);
  }

  private expectOp(text: string, what = `"${text}"`): Token {
    if (!this.isOp(text)) this.fail(what);
    return this.next();
  }

  claim(): Claim {
    let aggregate: Aggregate = 'every';
    const first = this.peek();
    // `mean adam.x ...`: the word is an aggregate only when a name follows it (an arm may be called "mean").
    if (first.kind === 'word' && (first.text === 'mean' || first.text === 'median') && this.peek(1).kind === 'word') {
      aggregate = first.text;
      this.next();
    }
    const left = this.expr(false);
    const token = this.peek();
    let claim: Claim;
    if (token.kind === 'op' && COMPARISONS.includes(token.text)) {
      this.next();
      claim = { text: this.text, aggregate, left, test: { op: token.text as CompareOp, right: this.expr(false) } };
    } else if (token.kind === 'word' && token.text === 'in') {
      this.next();
      this.expectOp('[', '"[" opening the range, as in "in [-0.7, -0.3]"');
      const low = this.expr(false);
      this.expectOp(',', '"," between the ends of the range');
      const high = this.expr(false);
      this.expectOp(']', '"]" closing the range');
      claim = { text: this.text, aggregate, left, test: { op: 'in', low, high } };
    } else {
      this.fail('a comparison (<, >, <=, >=, ==) or "in [low, high]"');
    }
    if (this.peek().kind !== 'end') this.fail('the end of the claim');
    return claim;
  }

  private expr(inSlope: boolean): Expr {
    let left = this.term(inSlope);
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as '+' | '-';
      const right = this.term(inSlope);
      left = { kind: 'binary', op, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private term(inSlope: boolean): Expr {
    let left = this.unary(inSlope);
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next().text as '*' | '/';
      const right = this.unary(inSlope);
      left = { kind: 'binary', op, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private unary(inSlope: boolean): Expr {
    if (this.isOp('-')) {
      const minus = this.next();
      const operand = this.unary(inSlope);
      return { kind: 'negate', operand, span: join(minus.span, operand.span) };
    }
    return this.primary(inSlope);
  }

  private primary(inSlope: boolean): Expr {
    const token = this.peek();
    if (token.kind === 'number') {
      this.next();
      return { kind: 'number', value: Number(token.text), span: token.span };
    }
    if (this.isOp('(')) {
      this.next();
      const inner = this.expr(inSlope);
      this.expectOp(')', '")" closing "("');
      return inner;
    }
    if (token.kind !== 'word') this.fail('a number, a name such as gd.final_train_loss, or slope(y, x)');
    if (token.text === 'slope' && this.isOp('(', 1)) return this.slope();
    const name = this.name();
    // A lone word (no '.', no brackets) is a value such as `diverged`, except inside slope() where it names a column.
    const lone = name.segments.length === 1 && 'name' in name.segments[0] && name.segments[0].selectors.length === 0;
    if (lone && !inSlope) {
      const word = token.text;
      return { kind: 'word', value: word === 'true' ? true : word === 'false' ? false : word, span: token.span };
    }
    return name;
  }

  private slope(): Expr {
    const start = this.next().span;
    this.next();
    const y = this.axis();
    this.expectOp(',', '"," between slope\'s y and x, as in slope(log final_kernel_rel_change, log model.hidden[0])');
    const x = this.axis();
    const end = this.expectOp(')', '")" closing slope(').span;
    return { kind: 'slope', y, x, span: join(start, end) };
  }

  private axis(): Axis {
    let log = false;
    if (this.peek().kind === 'word' && this.peek().text === 'log' && this.peek(1).kind === 'word') {
      this.next();
      log = true;
    }
    if (this.peek().kind !== 'word') this.fail('a column or field name');
    return { log, name: this.name() };
  }

  private name(): NameExpr {
    const segments: Segment[] = [this.segment()];
    while (true) {
      if (this.isOp('.')) {
        this.next();
        if (this.peek().kind !== 'word') this.fail('a name after "."');
        segments.push(this.segment());
      } else if (this.isOp('[') && this.peek(1).kind === 'number' && this.isOp(']', 2)) {
        const open = this.next();
        const index = this.next();
        const close = this.next();
        if (!/^\d+$/.test(index.text)) throw new ClaimSyntaxError(`expected a list index (0, 1, ...), found ${index.text}`, index.span);
        segments.push({ index: Number(index.text), span: join(open.span, close.span) });
      } else {
        break;
      }
    }
    return { kind: 'name', segments, span: join(segments[0].span, segments[segments.length - 1].span) };
  }

  private segment(): Segment {
    const word = this.next();
    const selectors: Selector[] = [];
    let end = word.span;
    // `adam[lr=0.01]`: brackets after a word that do not hold a bare index narrow the group.
    if (this.isOp('[') && !(this.peek(1).kind === 'number' && this.isOp(']', 2))) {
      this.next();
      do {
        if (selectors.length > 0) this.next();
        selectors.push(this.selector());
      } while (this.isOp(','));
      end = this.expectOp(']', '"]" or "," after a swept value, as in adam[lr=0.01]').span;
    }
    return { name: word.text, selectors, span: join(word.span, end) };
  }

  private selector(): Selector {
    const first = this.peek();
    if (first.kind !== 'word') this.fail('a swept field and its value, as in [lr=0.01]');
    let field = this.next().text;
    while (this.isOp('.') && this.peek(1).kind === 'word') {
      this.next();
      field += `.${this.next().text}`;
    }
    this.expectOp('=', `"=" and a value after ${field}, as in [${field}=0.01]`);
    const negative = this.isOp('-') ? (this.next(), true) : false;
    const token = this.next();
    let value: number | string | boolean;
    if (token.kind === 'number') value = negative ? -Number(token.text) : Number(token.text);
    else if (token.kind === 'word' && !negative) value = token.text === 'true' ? true : token.text === 'false' ? false : token.text;
    else this.fail(`a value for ${field} (a number or a word)`, token);
    return { field, value, span: join(first.span, token.span) };
  }
}

function join(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Parses one claim; a ClaimSyntaxError says what was expected and where. */
export function parseClaim(text: string): Claim {
  return new Parser(text).claim();
}
