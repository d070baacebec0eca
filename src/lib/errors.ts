// Typed user-facing errors: each says where the problem is and what to do; the CLI prints them without a stack trace.

/** Where a problem sits in a user's input: a file position, or a command-line argument. */
export interface SourceLocation {
  /** The file as the user named it (or `--set` / `argv` for command-line input). */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  col?: number;
}

/** Base class of every error caused by user input (exit status 2 when nothing trained). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A file path as messages show it: quoted (escapes visible) when it is empty or holds invisible characters. */
export function showPath(path: string): string {
  return path === '' || /[\u0000-\u001f\u007f-\u009f]/.test(path) ? JSON.stringify(path) : path;
}

/** Formats `file:line:col` (dropping the parts that are unknown). */
export function formatLocation(loc: SourceLocation): string {
  const file = showPath(loc.file);
  if (loc.line === undefined) return file;
  return loc.col === undefined ? `${file}:${loc.line}` : `${file}:${loc.line}:${loc.col}`;
}

/** One problem found in a config: its location, the dotted field path, and what was wrong. */
export interface ConfigProblem {
  location: SourceLocation;
  /** Dotted path of the field, e.g. `optimizers[1].lr` ("" for the whole document). */
  path: string;
  /** What was expected and what was found, e.g. `expected a number > 0, got "abc"`. */
  message: string;
  /** Suggestion for a misspelt key or kind, e.g. `did you mean "lr"?`. */
  hint?: string;
}

/** A config (YAML file or --set override) that cannot be used; lists every problem found. */
export class ConfigError extends UserError {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(p: ConfigProblem): string {
  const where = formatLocation(p.location);
  const field = p.path ? ` ${p.path}:` : '';
  return `${where}:${field} ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}

/** A data file (CSV) that cannot be read: names the file and line. */
export class DataError extends UserError {
  constructor(readonly location: SourceLocation, readonly problem: string) {
    super(`${formatLocation(location)}: ${problem}`);
  }
}

/** Bad command-line usage (unknown option, malformed --shard, ...). */
export class UsageError extends UserError {}
