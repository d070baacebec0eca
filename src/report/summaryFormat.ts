// The summary as text: an aligned terminal table, Markdown, CSV (full precision, one column per statistic)
// or JSON (the CSV's rows as objects).
import { stringify } from 'csv-stringify/sync';
import { formatNumber } from '../output/numbers.js';
import { sweptFieldNames, sweptValueText } from './groups.js';
import { alignedTable, markdownTable } from './textTable.js';
import type { ExperimentSummary, GroupSummary, SeedStats } from './summarize.js';

export const SUMMARY_FORMATS = ['table', 'csv', 'md', 'json'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

/** Shown where a statistic has no value: the std of one seed, a target no seed reached. */
const NONE = '—';

/** A number for the eye: 3 significant digits, in exponent form when very small or large. */
export function compactNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const rounded = Number(x.toPrecision(3));
  // toExponential() without digits gives the shortest form of the rounded value: 1e-4, 6.97e-5.
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return rounded.toExponential();
  return String(rounded);
}

function meanPlusMinusStd(stats: SeedStats): string {
  // No run of the group has the value (an infinite-ntk run's param_rel_change): a blank, as summary.csv leaves it.
  if (stats.n === 0) return '';
  return `${compactNumber(stats.mean)} ± ${stats.std === null ? NONE : compactNumber(stats.std)}`;
}

/** A median time to target, or "not reached" when more than half the seeds never got there. */
function timeText(value: number): string {
  return value === Infinity ? 'not reached' : compactNumber(value);
}

/** Human-readable headers and cells, best group first: one "mean ± std" column per metric. */
export function summaryDisplayTable(summary: ExperimentSummary): { header: string[]; rows: string[][] } {
  const names = sweptFieldNames(summary.sweptFields);
  const header = ['#', 'arm', ...summary.sweptFields.map((field) => names.get(field) ?? field), 'n', 'diverged',
    ...summary.metricNames.map((name) => name.replace(/_/g, ' '))];
  if (summary.target !== null) {
    header.push(`steps to ${compactNumber(summary.target)}`, `ms to ${compactNumber(summary.target)}`, 'not reached');
  }
  header.push('steps/s');
  const rows = summary.groups.map((group, index) => {
    const cells = [String(index + 1), group.arm,
      ...summary.sweptFields.map((field) => (group.swept[field] === undefined ? '' : sweptValueText(group.swept[field]))),
      String(group.seeds), String(group.diverged), ...summary.metricNames.map((name) => meanPlusMinusStd(group.metrics[name]))];
    if (group.target !== null) {
      cells.push(timeText(group.target.steps_median), timeText(group.target.wall_ms_median), String(group.target.not_reached));
    }
    cells.push(compactNumber(group.steps_per_second.mean));
    return cells;
  });
  return { header, rows };
}

/** What the numbers are, said under the table. */
export function summaryLegend(summary: ExperimentSummary): string {
  const target = summary.target === null ? ''
    : `; steps and ms to train_loss ≤ ${summary.target}: median over seeds of the first logged step at or below it (an unreached seed counts as infinite)`;
  return `${summary.name}: mean ± sample std over the n seeds of each group (runs whose configs differ only in the seed; ${NONE} for one seed), best first by ${summary.sortKey}${target}`;
}

/** The table as aligned text or Markdown, with its legend under it. */
function textTable(summary: ExperimentSummary, format: 'table' | 'md'): string {
  const { header, rows } = summaryDisplayTable(summary);
  // Text columns (arm, swept values) read best left-aligned; numbers right-aligned.
  const leftAligned = new Set([1, ...summary.sweptFields.map((_, i) => 2 + i)]);
  const table = format === 'md' ? markdownTable(header, rows) : alignedTable(header, rows, leftAligned);
  return `${table}\n\n${summaryLegend(summary)}\n`;
}

/** A value of a flat summary row: a number, a swept value, or null for no value. */
export type SummaryCell = string | number | boolean | number[] | null;
export type SummaryRow = Record<string, SummaryCell>;

/** Flat rows with one column per statistic: what CSV and JSON hold. Numbers are plain numbers; null is no value. */
export function summaryRows(summary: ExperimentSummary): { columns: string[]; rows: SummaryRow[] } {
  const columns = ['arm', ...summary.sweptFields, 'seeds', 'diverged',
    ...summary.metricNames.flatMap((name) => [`${name}_mean`, `${name}_std`])];
  if (summary.target !== null) {
    columns.push('target', 'steps_to_target_median', 'steps_to_target_mean', 'wall_ms_to_target_median', 'wall_ms_to_target_mean', 'not_reached');
  }
  columns.push('steps_per_second_mean');
  const rows = summary.groups.map((group: GroupSummary) => {
    const row: SummaryRow = { arm: group.arm };
    for (const field of summary.sweptFields) row[field] = group.swept[field] ?? null;
    row.seeds = group.seeds;
    row.diverged = group.diverged;
    for (const name of summary.metricNames) {
      row[`${name}_mean`] = group.metrics[name].mean;
      row[`${name}_std`] = group.metrics[name].std;
    }
    if (group.target !== null) {
      row.target = summary.target;
      row.steps_to_target_median = group.target.steps_median;
      row.steps_to_target_mean = group.target.steps_mean;
      row.wall_ms_to_target_median = group.target.wall_ms_median;
      row.wall_ms_to_target_mean = group.target.wall_ms_mean;
      row.not_reached = group.target.not_reached;
    }
    row.steps_per_second_mean = group.steps_per_second.mean;
    return row;
  });
  return { columns, rows };
}

/** CSV cells as summary.csv spells them: full precision, Infinity/NaN by name, lists as JSON, no value empty. */
function csvCell(value: SummaryCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/** JSON has no Infinity or NaN: they are written as strings, as in run.json. */
function nonFiniteAsString(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? formatNumber(value) : value;
}

/**
 * The summaries of one or more experiments in the chosen format: text tables one after another; CSV as one
 * table with an `experiment` column first and the union of the experiments' columns; JSON as a list.
 */
export function formatSummaries(summaries: readonly ExperimentSummary[], format: SummaryFormat): string {
  switch (format) {
    case 'table':
    case 'md':
      return summaries.map((summary) => textTable(summary, format)).join('\n');
    case 'csv': {
      const tables = summaries.map((summary) => ({ name: summary.name, ...summaryRows(summary) }));
      const columns = ['experiment', ...new Set(tables.flatMap((table) => table.columns))];
      const rows: SummaryRow[] = tables.flatMap((table) => table.rows.map((row) => ({ ...row, experiment: table.name })));
      return stringify([columns, ...rows.map((row) => columns.map((column) => csvCell(row[column] ?? null)))]);
    }
    case 'json': {
      const experiments = summaries.map((summary) => ({
        experiment: summary.name, target: summary.target, sort: summary.sortKey, groups: summaryRows(summary).rows,
      }));
      return `${JSON.stringify(experiments, nonFiniteAsString, 2)}\n`;
    }
  }
}
