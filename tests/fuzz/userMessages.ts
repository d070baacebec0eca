// Fuzz helper: the classes of message a user may see for a bad config or argument, each one that says
// what was expected or what to do. A message that fits no class (or leaks an internal error) fails the
// fuzz properties, so every new message is reviewed once and added here.
import { expect } from 'vitest';
import { ConfigError, type ConfigProblem, UserError } from '../../src/lib/errors.js';

interface MessageClass {
  name: string;
  pattern: RegExp;
  /** Whether the problem is about the whole document (no field path to name). */
  wholeDocument?: boolean;
  /** Whether the problem has no line to point at (the file itself cannot be read). */
  noLine?: boolean;
}

export const CONFIG_MESSAGE_CLASSES: MessageClass[] = [
  { name: 'YAML syntax', pattern: /^YAML syntax error: \S/, wholeDocument: true },
  { name: 'several YAML documents', pattern: /^expected one YAML document, found a second after "---"/, wholeDocument: true },
  { name: 'nesting too deep to parse', pattern: /^the YAML nests too deeply to read/, wholeDocument: true },
  { name: 'forbidden character', pattern: /^(a character YAML does not allow \(U\+[0-9A-F]{4}, invisible\): delete it|bytes that are not UTF-8 text: save the file as UTF-8)$/, wholeDocument: true },
  { name: 'alias bomb', pattern: /^aliases \(\*name\) here expand to too many values/, wholeDocument: true },
  { name: 'not a mapping', pattern: /^expected a mapping with at least name and optimizers, got /, wholeDocument: true },
  { name: 'too many runs', pattern: /^expected at most \d+ runs, got \d+ from the sweeps$/, wholeDocument: true },
  { name: 'unreadable config file', pattern: /^cannot read the config file: /, wholeDocument: true, noLine: true },
  { name: 'config file too large', pattern: /^expected a config file of at most \d+ KiB, got \d+ KiB: /, wholeDocument: true, noLine: true },
  { name: '--set path too deep', pattern: /^expected a path of at most \d+ segments, got \d+: /, wholeDocument: true },
  { name: 'collection as key', pattern: /^expected a plain key \(a word\), got a list or mapping used as a key$/, wholeDocument: true },
  { name: 'nesting too deep', pattern: /^expected at most \d+ levels of nesting/ },
  { name: 'YAML tag', pattern: /^YAML tags are not supported \(found \S+\): write the plain value without the tag$/ },
  { name: 'unknown alias', pattern: /^alias \*\S+ names no anchor: define &\S+ on a value before using \*\S+$/ },
  { name: 'looping alias', pattern: /^alias \*\S+ is inside the value it names/ },
  { name: 'bad merge', pattern: /^expected a mapping, an alias of one \(<<: \*base\) or a list of them after the merge key <<$/ },
  { name: 'prototype key', pattern: /^the key "(__proto__|constructor|prototype)" is not allowed: / },
  { name: 'unknown key', pattern: /^unknown key ".*": expected one of \S/s },
  { name: 'missing field', pattern: /^missing required field: expected \S/ },
  { name: 'swept kind', pattern: /^a kind cannot be swept: write one / },
  { name: 'field swept twice', pattern: /^this field is already swept by \S/ },
  { name: 'label swept', pattern: /^\S+ is a label and cannot be swept$/ },
  { name: 'duplicate runs', pattern: /^arm ".*" (has two identical runs|\(optimizers\[\d+\]\) gives the same run as arm)/s },
  { name: 'unreadable data file', pattern: /^cannot read ".*" \(.*\): (no such file|is a folder, not a file|permission denied|a folder on the path is a file|the path is too long|the path holds a NUL character|is (a named pipe \(FIFO\)|a socket|a device|not a regular file), not a file: give the path of a regular file)$/s },
  { name: 'model/data mismatch', pattern: /^\S+ works only with .* data, got data kind "/ },
  { name: 'optimizer/model mismatch', pattern: /^\S+ works only with model kinds .*, got model kind "/ },
  { name: 'unreadable claim', pattern: /^cannot read this claim: (expected .+, found .+|unexpected character .+)/s },
  { name: 'claim naming nothing', pattern: /^this claim cannot be checked: \S/ },
  { name: 'init_from without its source', pattern: /^expected a run of model\.kind \S+ in this plan for each \S+ run to start from .*, found none for \S+/s },
  { name: 'arm without kernel dynamics', pattern: /^arm ".*" \(optimizers\[\d+\]\) cannot be predicted by kernel dynamics: .+; or set predict: false/s },
  { name: 'wrong value', pattern: /^expected .+, got .+/s },
];

/** Text that only an internal error, not a message written for users, would contain. */
const LEAKS = /undefined|\[object |Symbol\(|Maximum call stack|Cannot read propert|is not a function|is not iterable|TypeError|RangeError|parseAllDocuments|ZodError|^\s+at /m;

/** The class of one config problem's message (failing the test when it has none). */
export function messageClass(problem: ConfigProblem): string {
  const described = `${problem.location.file}:${problem.location.line}: ${problem.path}: ${problem.message}`;
  expect(problem.message, `internal text leaked in: ${described}`).not.toMatch(LEAKS);
  const found = CONFIG_MESSAGE_CLASSES.find((c) => c.pattern.test(problem.message));
  if (!found) throw new Error(`a message no class describes (review it, then add its class): ${described}`);
  return found.name;
}

/**
 * Checks a failed load of `file`: a ConfigError whose every problem names the file and a line, names the
 * field (unless it is about the whole document), and has a message of a known class. Returns the classes seen.
 */
export function checkConfigError(error: unknown, file: string): string[] {
  if (!(error instanceof ConfigError)) throw error;
  expect(error.problems.length).toBeGreaterThan(0);
  return error.problems.map((problem) => {
    const name = messageClass(problem);
    expect(problem.location.file, problem.message).toBe(file);
    const seen = CONFIG_MESSAGE_CLASSES.find((c) => c.name === name)!;
    if (!seen.noLine) expect(problem.location.line, `no line for: ${problem.message}`).toBeGreaterThanOrEqual(1);
    if (!seen.wholeDocument) expect(problem.path, `no field for: ${problem.message}`).not.toBe('');
    return name;
  });
}

/** Checks a user error's text as the CLI would print it: one or more lines, no internal text. */
export function checkUserError(error: unknown): string {
  if (!(error instanceof UserError)) throw error;
  expect(error.message.trim()).not.toBe('');
  expect(error.message).not.toMatch(LEAKS);
  return error.message;
}
