// What `optlab summary` and `plot` say when an experiment folder holds runs of more than one plan: how many runs
// plan.json (the plan last run into the folder) lists and how the others differ from them, field by field.
import { distinguishingFields, fieldValue } from '../output/runFields.js';
import type { Experiment, ExperimentRun, PlanSelection } from './experiment.js';
import { sweptFieldNames, sweptValueText } from './groups.js';

/** The distinct values (as text) that `runs` take at `read`, numbers by size and the rest by their text. */
function valuesOf(runs: readonly ExperimentRun[], read: (run: ExperimentRun) => string): string[] {
  const numeric = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));
  return [...new Set(runs.map(read))].sort((a, b) => (numeric(a) && numeric(b) ? Number(a) - Number(b) : a.localeCompare(b)));
}

/** `lr=0.1` or `lr=0.001,0.01`: one part per field on which the two sets of runs take different values. */
function differences(inPlan: readonly ExperimentRun[], other: readonly ExperimentRun[]): [string, string][] {
  // Over both sets: under --plan current the experiment's own fields are those of plan.json's runs alone.
  const fields = distinguishingFields([...inPlan, ...other].map((run) => run.record));
  const names = sweptFieldNames(fields);
  const readers: [string, (run: ExperimentRun) => string][] = [
    ['arm', (run) => run.record.arm],
    ...fields.map((field): [string, (run: ExperimentRun) => string] => [names.get(field) ?? field, (run) => {
      const value = fieldValue(run.record, field);
      return value === undefined ? 'none' : sweptValueText(value);
    }]),
    ['seed', (run) => String(run.record.seed)],
  ];
  const parts: [string, string][] = [];
  for (const [name, read] of readers) {
    const a = valuesOf(inPlan, read);
    const b = valuesOf(other, read);
    if (a.join('\n') !== b.join('\n')) parts.push([`${name}=${a.join(',')}`, `${name}=${b.join(',')}`]);
  }
  return parts;
}

/**
 * A few lines saying that the folder holds finished runs plan.json does not list, how they differ from its runs,
 * and what the summary shows under `selection`; null when every finished run is in plan.json (or there is none).
 */
export function plansNote(experiment: Experiment, selection: PlanSelection): string | null {
  if (experiment.planRunIds === null || experiment.outsidePlan.length === 0) return null;
  const outside = new Set(experiment.outsidePlan);
  const all = selection === 'all' ? experiment.runs : [...experiment.runs, ...experiment.outsidePlan];
  const inPlan = all.filter((run) => !outside.has(run));
  const other = experiment.outsidePlan;
  const parts = differences(inPlan, other);
  const describe = (side: 0 | 1) => (parts.length === 0 ? 'other configs' : parts.map((pair) => pair[side]).join(' '));
  const shown = selection === 'all'
    ? `summarised: all ${all.length}, in groups that never mix them (--plan current: only plan.json's)`
    : `summarised: plan.json's ${inPlan.length} only (--plan current; --plan all shows every run)`;
  return [
    `${experiment.dir} holds runs of more than one plan: plan.json (the plan last run into it) lists ${inPlan.length} of its ${all.length} finished runs`,
    `  plan.json's runs (${inPlan.length}): ${inPlan.length === 0 ? 'none finished' : describe(0)}`,
    `  other runs (${other.length}): ${describe(1)}`,
    `  ${shown}`,
  ].join('\n');
}
