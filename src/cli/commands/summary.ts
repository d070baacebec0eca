// `optlab summary`: the runs of one or more experiment folders grouped over seeds, best first; with --profile,
// the performance profile across the folders instead.
import { checkExperimentClaims } from '../../claims/experimentClaims.js';
import { UsageError } from '../../lib/errors.js';
import { loadExperiment, type Experiment, type PlanSelection } from '../../report/experiment.js';
import { performanceProfile, type ProfileMeasure } from '../../report/performanceProfile.js';
import { plansNote } from '../../report/plansNote.js';
import { formatProfile } from '../../report/profileFormat.js';
import { summarizeExperiment, type SummarySortKey } from '../../report/summarize.js';
import { formatSummaries, type SummaryFormat } from '../../report/summaryFormat.js';
import { formatClaimResults } from './check.js';

export interface SummaryOptions {
  format: SummaryFormat;
  /** --target as typed: a train_loss value. */
  target?: string;
  sort?: SummarySortKey;
  profile: boolean;
  /** Time to target in the profile. */
  x: ProfileMeasure;
  /** Every finished run of each folder, or only those its plan.json lists. */
  plan: PlanSelection;
}

/** Reads --target: a finite number (a train_loss value); undefined when the option is absent. */
export function parseTarget(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const target = Number(text);
  if (text.trim() === '' || !Number.isFinite(target)) throw new UsageError(`--target takes a train_loss value (a finite number); got "${text}"`);
  return target;
}

/** Tells the user, on stderr, of a run folder a report leaves out because it is damaged. */
export function warnDamaged(problem: string): void {
  process.stderr.write(`optlab: ${problem}; left out as not complete (optlab run trains it again)\n`);
}

/**
 * The experiment folders a summary or plot reports on; damaged run folders and runs of several plans are said on
 * stderr, so that CSV and JSON on stdout stay machine-readable.
 */
export async function loadReportedExperiments(dirs: string[], plan: PlanSelection): Promise<Experiment[]> {
  const experiments: Experiment[] = [];
  for (const dir of dirs) {
    const experiment = await loadExperiment(dir, { plan, onDamaged: warnDamaged });
    const note = plansNote(experiment, plan);
    if (note !== null) process.stderr.write(`optlab: ${note}\n`);
    experiments.push(experiment);
  }
  return experiments;
}

export async function summaryCommand(dirs: string[], options: SummaryOptions): Promise<number> {
  const target = parseTarget(options.target);
  if (options.profile && target === undefined) throw new UsageError('--profile needs --target <loss>: the train_loss every arm races to');
  const experiments = await loadReportedExperiments(dirs, options.plan);
  if (options.profile && target !== undefined) {
    process.stdout.write(formatProfile(performanceProfile(experiments, target, options.x), options.format));
    return 0;
  }
  const summaries = experiments.map((experiment) => summarizeExperiment(experiment, { target, sortKey: options.sort }));
  // The claims in words after a table; CSV and JSON stay one table (claims.csv holds them). One write, as before.
  const claims = options.format === 'table' || options.format === 'md'
    ? experiments.filter((experiment) => experiment.expect.length > 0).map((experiment) => `\n${formatClaimResults(experiment.name, checkExperimentClaims(experiment))}`)
    : [];
  process.stdout.write(formatSummaries(summaries, options.format) + claims.join(''));
  return 0;
}
