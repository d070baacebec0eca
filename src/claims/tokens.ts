// Splits a claim's text into tokens: numbers, words (names may hold '-' and '_': `precond-gd`), and operators.
import type { Span } from './ast.js';
import { ClaimSyntaxError } from './claimSyntaxError.js';

export type TokenKind = 'number' | 'word' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  /** The text of the token ('' for end). */
  text: string;
  span: Span;
}

/** Multi-character operators first, so `<=` is not read as `<` then `=`. */
const OPERATORS = ['<=', '>=', '==', '<', '>', '=', '+', '-', '*', '/', '(', ')', '[', ']', ',', '.'];
/** A word starts with a letter or '_'; inside, '-' joins parts of a name (so subtraction needs spaces: `a - b`). */
const WORD = /^[A-Za-z_](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9_]))*/;
/** A decimal number with optional exponent, no sign (a minus is its own token). */
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    const word = WORD.exec(rest);
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    const [kind, matched]: [TokenKind, string] | [undefined, undefined] = number
      ? ['number', number[0]]
      : word
        ? ['word', word[0]]
        : op
          ? ['op', op]
          : [undefined, undefined];
    if (kind === undefined) throw new ClaimSyntaxError(`unexpected character ${JSON.stringify(rest[0])}`, { start: at, end: at + 1 });
    tokens.push({ kind, text: matched, span: { start: at, end: at + matched.length } });
    at += matched.length;
  }
  tokens.push({ kind: 'end', text: '', span: { start: text.length, end: text.length } });
  return tokens;
}
