// run.json: a run's record without its curve, then `files`, the proof of every file beside it. Read back through
// a zod schema, so that an edited or damaged run.json is named field by field instead of crashing a reader.
import * as z from 'zod';
import type { FileProof } from './fileProof.js';
import { formatNumber, parseNumber } from './numbers.js';
import type { RunRecord } from './types.js';

/** Issues listed in a message before "and N more". */
const LISTED_ISSUES = 3;

/** A number as run.json spells it: JSON has no NaN or Infinity, so those are the strings "NaN", "Infinity", "-Infinity". */
const jsonNumber = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])], { error: 'expected a number ("NaN", "Infinity" or "-Infinity" as a string)' })
  .transform((value) => (typeof value === 'number' ? value : parseNumber(value)));

const sweptValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number())], {
  error: 'expected a number, a string, true/false or a list of numbers',
});

/** The parts of the resolved config that readers use (the rest is kept as it is). */
const runConfig = z.looseObject({
  name: z.string(),
  seed: z.int(),
  data: z.looseObject({ kind: z.string() }),
  model: z.looseObject({ kind: z.string() }),
  train: z.looseObject({ steps: z.int(), loss: z.string() }),
  optimizer: z.looseObject({ kind: z.string(), name: z.string(), lr: z.number() }),
  metrics: z.looseObject({}),
});

/** A file beside run.json: a plain name (no folder, no "..": run.json vouches only for its own folder's files). */
const fileName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'expected a plain file name');

const fileProof = z.object({ rows: z.int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits') });

/** run.json as it is read; unknown fields are kept, so a newer optlab's additions survive a merge. */
const runJsonSchema = z.looseObject({
  run_id: z.string(),
  arm: z.string(),
  seed: z.int(),
  status: z.enum(['complete', 'diverged', 'failed', 'interrupted']),
  diverged_at: z.int().nullable(),
  error: z.string().nullable(),
  config: runConfig,
  swept: z.record(z.string(), sweptValue),
  backend: z.string(),
  versions: z.record(z.string(), z.string()),
  wall_time_ms: jsonNumber,
  steps_per_second: jsonNumber,
  param_count: jsonNumber,
  state_floats_per_param: jsonNumber,
  cohort_size: z.int(),
  extras: z.record(z.string(), jsonNumber),
  shard: z.string().nullable().optional(),
  host: z.string().optional(),
  git_commit: z.string().nullable().optional(),
  // Absent in run.json files written before optlab recorded it: such a run is read but not proven complete.
  files: z.record(fileName, fileProof).refine((files) => 'curve.csv' in files, 'expected an entry for curve.csv').optional(),
});

/** JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity", "-Infinity" instead of null. */
function nonFiniteAsString(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? formatNumber(value) : value;
}

/** The text of run.json: the record without its curve (run_id first, so a file's head says which run it is), then `files`. */
export function runJsonText(record: RunRecord, files: Readonly<Record<string, FileProof>>): string {
  const { curve: _curve, run_id, unsaved: _unsaved, ...rest } = record;
  return `${JSON.stringify({ run_id, ...rest, files }, nonFiniteAsString, 2)}\n`;
}

/** A field's path as messages show it: `config.optimizer.lr`, `extras["a b"]`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? (i === 0 ? name : `.${name}`) : `[${JSON.stringify(name)}]`;
    })
    .join('');
}

/** A value as messages show it: JSON, cut to 40 characters. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** One issue as `field: what was expected, what was found`. */
function issueText(issue: z.core.$ZodIssue): string {
  const field = issue.path.length === 0 ? 'the file' : fieldPath(issue.path);
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? `${field}: missing (expected ${issue.expected})` : `${field}: expected ${issue.expected}, got ${shown(issue.input)}`;
  }
  const message = issue.message.replace(/^Invalid (input|option|string): /, '');
  return issue.input === undefined ? `${field}: ${message}` : `${field}: ${message}, got ${shown(issue.input)}`;
}

/** run.json read back: the record minus its curve, and the files it vouches for (null when it predates `files`). */
export interface ParsedRunJson {
  record: Omit<RunRecord, 'curve'>;
  files: Record<string, FileProof> | null;
}

/**
 * Parses the text of `file`, the run.json of `runId`; returns what is wrong with it (`file: field: ...`) instead
 * when it is not valid JSON, does not fit the schema or is another run's.
 */
export function parseRunJson(text: string, file: string, runId: string): ParsedRunJson | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `${file}: not valid JSON (${(error as Error).message})`;
  }
  const parsed = runJsonSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const more = issues.length > LISTED_ISSUES ? `; and ${issues.length - LISTED_ISSUES} more` : '';
    return `${file}: ${issues.slice(0, LISTED_ISSUES).map(issueText).join('; ')}${more}`;
  }
  const { files, ...record } = parsed.data;
  if (record.run_id !== runId) return `${file}: run_id: this is run "${record.run_id}"'s run.json, in the folder of run "${runId}"`;
  // The schema checks the config's fields that readers use; the rest is the resolved config optlab wrote.
  return { record: record as unknown as Omit<RunRecord, 'curve'>, files: files ?? null };
}
