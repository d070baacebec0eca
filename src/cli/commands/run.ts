// `optlab run`: validate every config first (exit 2 before any training), then train each experiment (or
// one shard of it) on --jobs worker processes. The first Ctrl-C (or SIGTERM), from the moment optlab starts,
// stops cleanly: finished runs kept, running ones written as interrupted, the summary written, exit 1; a second
// one quits at once.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { BackendChoice } from '../../backend/backend.js';
import { prestartWorkers } from '../../experiment/workerProcess.js';
import { UsageError } from '../../lib/errors.js';
import { CLAIMS_FILE_NAME } from '../../output/claimsCsv.js';
import { lockFileName, lockFolder } from '../../output/folderLock.js';
import { folderPlan } from '../../output/folderPlan.js';
import { prepareExperimentFolder } from '../../output/writableFolder.js';
import { mergeExperiments } from '../../output/merge.js';
import { groupCohorts } from '../../plan/cohorts.js';
import { loadPlan } from '../../plan/loadPlan.js';
import { formatShard, parseShard, shardRuns, type Shard } from '../../plan/shard.js';
import type { Plan } from '../../plan/types.js';
import { catchInterrupts, type Interrupts } from '../interrupts.js';
import { createProgress } from '../progress.js';
import { checkFolderClaims } from '../../claims/folderClaims.js';
import type { ClaimResult } from '../../claims/evaluateClaim.js';
import { formatClaimResults } from './check.js';
import { describePlan } from './describePlan.js';
import { warnDamaged } from './summary.js';
import { folderStatus, folderStatusLine } from './folderStatus.js';

export interface RunOptions {
  out: string;
  backend: BackendChoice;
  force: boolean;
  /** Add this plan's runs to a folder that holds another plan's (plan.json then records the union). */
  add?: boolean;
  set: string[];
  dryRun: boolean;
  quiet: boolean;
  /** Worker processes, as typed; default: one per core. */
  jobs?: string;
  /** `I/N` or `auto/N`. */
  shard?: string;
  /** Exit 1 when a claim of a config's `expect:` fails. */
  check?: boolean;
}

/** Parses --jobs: a whole number >= 1; absent, one worker per core. */
export function parseJobs(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`--jobs expects a whole number of worker processes >= 1, got "${text}"`);
  return Number(text);
}

/** The folder's claims checked and claims.csv written; null when no run finished (there is nothing to check). */
async function folderClaimsAfterRun(outDir: string): Promise<ClaimResult[] | null> {
  try {
    return (await checkFolderClaims(outDir, warnDamaged)).results;
  } catch (error) {
    if (error instanceof UsageError) return null;
    throw error;
  }
}

/** The plan restricted to the shard's runs (the plan itself without a shard). */
function shardPlan(plan: Plan, shard: Shard | undefined): Plan {
  return shard === undefined ? plan : { ...plan, runs: shardRuns(plan.runs, shard) };
}

/**
 * Returns the exit status: 0 every run finished (complete or diverged), 1 a run failed or was interrupted.
 * `interrupts`: the process's signals, caught since it started (else from now on); released on return.
 */
export async function runCommand(configs: string[], options: RunOptions, interrupts: Interrupts = catchInterrupts()): Promise<number> {
  try {
    return await runConfigs(configs, options, interrupts);
  } finally {
    interrupts.release();
  }
}

async function runConfigs(configs: string[], options: RunOptions, interrupts: Interrupts): Promise<number> {
  const jobs = parseJobs(options.jobs);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard, process.env);
  const plans: Plan[] = configs.map((file) => loadPlan(file, { set: options.set }));
  const shardText = shard === undefined ? '' : ` (shard ${formatShard(shard)})`;
  if (options.dryRun) {
    for (const plan of plans) {
      if (shard !== undefined) process.stdout.write(`shard ${formatShard(shard)} of ${plan.name}:\n`);
      const runs = shardPlan(plan, shard);
      const outDir = join(options.out, plan.name);
      process.stdout.write(`${describePlan(runs)}\n${folderStatusLine(outDir, await folderStatus(outDir, runs.runs, options.force), options.force)}\n`);
    }
    return 0;
  }
  const stopped = interrupts.signal;
  interrupts.handle(() => process.stderr.write('\noptlab: stopping after the current step (press Ctrl-C again to quit now)\n'));
  let status = 0;
  let backendShown = false;
  // The workers load TensorFlow.js while this process does (runExperiment imports it): their start-ups overlap.
  // This process is one of the --jobs trainers, and no more are started than there are cohorts to share.
  const cohorts = Math.max(...plans.map((plan) => groupCohorts(shardPlan(plan, shard).runs, Number.MAX_SAFE_INTEGER).length));
  const prestarted = prestartWorkers(Math.min(jobs, cohorts) - 1, options.backend);
  try {
    const { runExperiment } = await import('../../experiment/runExperiment.js');
    for (const plan of plans) {
      const progress = createProgress({
        tty: Boolean(process.stderr.isTTY),
        quiet: options.quiet,
        totalRuns: shardPlan(plan, shard).runs.length,
        stream: process.stderr.isTTY && !options.quiet ? process.stderr : process.stdout,
      });
      let result;
      // Taken before anything is read or written there; released however this ends (an error, Ctrl-C, exit).
      const outDir = join(options.out, plan.name);
      // Links refused before the lock file or plan.json is touched, so that neither lands outside --out.
      await prepareExperimentFolder(outDir);
      const lock = await lockFolder(outDir, lockFileName(shard), `optlab ${process.argv.slice(2).join(' ')}`);
      try {
        const { planFile, own } = await folderPlan(outDir, plan, options.add ?? false);
        result = await runExperiment(plan, {
          planFile,
          outRoot: options.out,
          backend: options.backend,
          force: options.force,
          signal: stopped,
          jobs,
          prestarted,
          shard,
          events: {
            backendReady: (name, threads) => {
              if (!backendShown) process.stderr.write(`optlab: backend ${name}${threads > 1 ? ` (${threads} threads)` : ''}\n`);
              backendShown = true;
            },
            cohortStarted: (id, runs, steps, label) => progress.cohortStarted(id, runs, steps, label),
            cohortStep: (id, step) => progress.cohortStep(id, step),
            runFinished: (record) => progress.runFinished(record),
            runSkipped: (id) => progress.runSkipped(id),
          },
        });
        // A folder holding more than this plan (a declared union): its summary lists every run plan.json names.
        if (!own) await mergeExperiments([outDir], outDir);
      } finally {
        progress.stop();
        lock.release();
      }
      const count = (s: string) => result.records.filter((r) => r.status === s).length;
      // Runs never started (the sweep was stopped first) have no record: they are not "interrupted".
      const unfinished = result.planned - result.records.length;
      process.stdout.write(
        `${plan.name}${shardText}: ${result.planned} runs — ${count('complete')} complete, ${count('diverged')} diverged, ` +
          `${count('failed')} failed, ${count('interrupted')} interrupted` +
          `${unfinished > 0 ? `, ${unfinished} not started` : ''}` +
          `${result.skipped > 0 ? ` (${result.skipped} already complete, skipped)` : ''}; results in ${result.outDir}\n`,
      );
      if (count('failed') + count('interrupted') + unfinished > 0) status = 1;
      // A shard holds part of the plan and a stopped sweep part of it: their claims wait for `optlab check`. A
      // claims.csv left by claims since removed from the config is removed too.
      const claimsToCheck = (plan.expect ?? []).length > 0 || existsSync(join(outDir, CLAIMS_FILE_NAME));
      if (shard === undefined && !stopped.aborted && claimsToCheck) {
        const claims = await folderClaimsAfterRun(outDir);
        if (claims !== null && claims.length > 0) {
          process.stdout.write(formatClaimResults(plan.name, claims));
          if (options.check && claims.some((claim) => !claim.passed)) status = 1;
        }
      }
      if (stopped.aborted) {
        // Configs after this one were not trained either.
        status = 1;
        break;
      }
    }
  } finally {
    prestarted.release();
  }
  return status;
}
