// The performance profile as text: per arm its score, the problems it solved, and its time and ratio on each.
import { stringify } from 'csv-stringify/sync';
import { formatNumber } from '../output/numbers.js';
import { SCORE_TAU_MAX, type PerformanceProfile } from './performanceProfile.js';
import { compactNumber, type SummaryFormat } from './summaryFormat.js';
import { alignedTable, markdownTable } from './textTable.js';

type Cell = string | number | null;

/** Arms by score, best first (ties keep first-appearance order). */
function rankedArms(profile: PerformanceProfile): string[] {
  return [...profile.arms].sort((a, b) => profile.score[b] - profile.score[a]);
}

function solvedCount(profile: PerformanceProfile, arm: string): number {
  return profile.problems.filter((problem) => Number.isFinite(profile.entries[arm][problem].ratio)).length;
}

/** Flat rows with full-precision numbers (null = not solved): what CSV and JSON hold. */
export function profileRows(profile: PerformanceProfile): { columns: string[]; rows: Record<string, Cell>[] } {
  const columns = ['arm', 'score', 'solved', ...profile.problems.flatMap((problem) => [`${problem}_time`, `${problem}_ratio`, `${problem}_best_group`])];
  const rows = rankedArms(profile).map((arm) => {
    const row: Record<string, Cell> = { arm, score: profile.score[arm], solved: solvedCount(profile, arm) };
    for (const problem of profile.problems) {
      const entry = profile.entries[arm][problem];
      row[`${problem}_time`] = Number.isFinite(entry.time) ? entry.time : null;
      row[`${problem}_ratio`] = Number.isFinite(entry.ratio) ? entry.ratio : null;
      row[`${problem}_best_group`] = entry.bestGroup;
    }
    return row;
  });
  return { columns, rows };
}

/** Human-readable headers and cells, best arm first. */
export function profileDisplayTable(profile: PerformanceProfile): { header: string[]; rows: string[][] } {
  const unit = profile.measure === 'step' ? 'steps' : 'ms';
  const header = ['arm', 'score', 'solved', ...profile.problems.map((problem) => `${problem}: ${unit} (× best)`)];
  const rows = rankedArms(profile).map((arm) => [
    arm,
    profile.score[arm].toFixed(3),
    `${solvedCount(profile, arm)}/${profile.problems.length}`,
    ...profile.problems.map((problem) => {
      const entry = profile.entries[arm][problem];
      return Number.isFinite(entry.time) ? `${compactNumber(entry.time)} (${compactNumber(entry.ratio)}×, ${entry.bestGroup})` : 'not reached';
    }),
  ]);
  return { header, rows };
}

/** What the numbers are, said under the table. */
export function profileLegend(profile: PerformanceProfile): string {
  const measure = profile.measure === 'step' ? 'steps' : 'wall time';
  return `Performance profile, target train_loss ≤ ${profile.target}: an arm's time on an experiment is its best group's median ${measure} over seeds; ` +
    `score = area under ρ(τ) for τ in [1, ${SCORE_TAU_MAX}] / ${SCORE_TAU_MAX - 1} (1 = fastest everywhere)`;
}

/** The profile in the chosen format. */
export function formatProfile(profile: PerformanceProfile, format: SummaryFormat): string {
  if (format === 'csv' || format === 'json') {
    const { columns, rows } = profileRows(profile);
    if (format === 'json') return `${JSON.stringify({ target: profile.target, measure: profile.measure, problems: profile.problems, arms: rows }, null, 2)}\n`;
    return stringify([columns, ...rows.map((row) => columns.map((column) => {
      const value = row[column];
      return value === null ? '' : typeof value === 'number' ? formatNumber(value) : value;
    }))]);
  }
  const { header, rows } = profileDisplayTable(profile);
  const table = format === 'md' ? markdownTable(header, rows) : alignedTable(header, rows, new Set([0]));
  return `${table}\n\n${profileLegend(profile)}\n`;
}
