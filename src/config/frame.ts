// The top level of a config document: the experiment's name and seeds, the sections shared by
// every arm, the arms (`optimizers`) and the extra sweep axes (`grid`, `zip`), each checked for shape.
import { builtinCatalog } from './catalog.js';
import { showValue } from './describe.js';
import { zodProblems } from './issues.js';
import { isPlainObject } from './paths.js';
import type { FieldProblem } from './problems.js';
import { configSchemas } from './schema.js';
import { didYouMean } from './suggest.js';

/** Top-level keys that hold structure rather than one parameter. */
export const STRUCTURE_KEYS = ['data', 'model', 'train', 'metrics', 'optimizers', 'grid', 'zip'] as const;

/** One comparison arm: an entry of `optimizers`. */
export interface Arm {
  index: number;
  raw: Record<string, unknown>;
}

/** One entry of `grid:` or `zip:`: a dotted path and the values it takes. */
export interface AxisEntry {
  key: string;
  values: unknown[];
}

export interface Frame {
  /** "" when the name is missing or bad (a problem says so). */
  name: string;
  seeds: number[];
  /** What the experiment shows (`description:`), undefined when absent. */
  description?: string;
  /** The claims of `expect:` as written (checked once the runs are planned). */
  expect: string[];
  /** The shared sections as written (checked per run, once sweeps are expanded). */
  data: unknown;
  model: unknown;
  train: unknown;
  metrics: unknown;
  /** The arms that are mappings (the others are problems). */
  arms: Arm[];
  grid: AxisEntry[];
  zip: AxisEntry[];
}

const ARMS_EXPECTED = 'a non-empty list of optimizer mappings (the comparison arms), e.g. [{ kind: sgd, lr: 0.01 }]';

function axisEntries(raw: unknown, key: 'grid' | 'zip', problems: FieldProblem[]): AxisEntry[] {
  if (raw === undefined) return [];
  if (!isPlainObject(raw)) {
    problems.push({ path: [key], message: `expected a mapping of dotted paths to lists of values, got ${showValue(raw)}` });
    return [];
  }
  const entries: AxisEntry[] = [];
  for (const [path, values] of Object.entries(raw)) {
    if (Array.isArray(values) && values.length > 0) entries.push({ key: path, values });
    else problems.push({ path: [key, path], message: `expected a non-empty list of values, got ${showValue(values)}` });
  }
  return entries;
}

function arms(raw: unknown, problems: FieldProblem[]): Arm[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    const message = raw === undefined ? `missing required field: expected ${ARMS_EXPECTED}` : `expected ${ARMS_EXPECTED}, got ${showValue(raw)}`;
    problems.push({ path: ['optimizers'], message });
    return [];
  }
  const found: Arm[] = [];
  raw.forEach((entry, index) => {
    if (isPlainObject(entry)) found.push({ index, raw: entry });
    else problems.push({ path: ['optimizers', index], message: `expected an optimizer mapping { kind: ..., ... }, got ${showValue(entry)}` });
  });
  return found;
}

/** Reads the top level of `tree`, collecting every problem of shape; what is bad is left out of the frame. */
export function readFrame(tree: unknown): { frame: Frame; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const root = isPlainObject(tree) ? tree : {};
  if (!isPlainObject(tree)) {
    problems.push({ path: [], message: `expected a mapping with at least name and optimizers, got ${showValue(tree)}` });
  }
  const allowed = [...Object.keys(builtinCatalog.experiment), ...STRUCTURE_KEYS];
  for (const key of Object.keys(root)) {
    if (!allowed.includes(key)) {
      problems.push({ path: [key], atKey: true, message: `unknown key "${key}": expected one of ${allowed.join(', ')}`, hint: didYouMean(key, allowed) });
    }
  }
  const experiment: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(builtinCatalog.experiment)) {
    const parsed = configSchemas().param(spec).safeParse(root[key]);
    if (parsed.success) experiment[key] = parsed.data;
    else problems.push(...zodProblems(parsed.error, spec.type, root[key], [key]));
  }
  const frame: Frame = {
    name: typeof experiment.name === 'string' ? experiment.name : '',
    // The seeds' own problems are reported above; expansion goes on with the default seed.
    seeds: Array.isArray(experiment.seeds) ? (experiment.seeds as number[]) : [0],
    ...(typeof experiment.description === 'string' ? { description: experiment.description } : {}),
    expect: Array.isArray(experiment.expect) ? (experiment.expect as string[]) : [],
    data: root.data,
    model: root.model,
    train: root.train,
    metrics: root.metrics,
    arms: arms(root.optimizers, problems),
    grid: axisEntries(root.grid, 'grid', problems),
    zip: axisEntries(root.zip, 'zip', problems),
  };
  return { frame, problems };
}
