// A claim that cannot be read or names nothing that exists, with the character range it is about.
import type { Span } from './ast.js';

export class ClaimSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly span: Span,
    /** A "did you mean" for a misspelt name. */
    readonly hint?: string,
  ) {
    super(reason);
    this.name = 'ClaimSyntaxError';
  }
}
