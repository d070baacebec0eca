// Runs a planned experiment (or one shard of it): skips runs already complete, trains the rest cohort by
// cohort, costliest first, in this process and `jobs - 1` worker processes, writes every run folder as its
// cohort finishes, then the experiment's summary.csv and curves.csv. Aborting stops every cohort at its
// next step (its runs are written as interrupted) and starts no more; the summary is still written. An output
// folder that cannot be written is refused before anything trains; results that cannot be written mid-sweep
// (disk full) stop it the same way, then it throws ResultsNotWritten.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { useBackend, wasmThreadsInUse, type BackendChoice } from '../backend/backend.js';
import { planFileOf, writePlanFile, type PlanFile } from '../output/merge.js';
import { hasFinalParams } from '../output/finalParams.js';
import { isRunDone, readRunRecord } from '../output/runFolder.js';
import { UserError } from '../lib/errors.js';
import { writeSummary } from '../output/summary.js';
import type { RunRecord } from '../output/types.js';
import { prepareExperimentFolder } from '../output/writableFolder.js';
import { ResultsNotWritten, writeFaultAdvice, writeFaultOf } from '../output/writeFault.js';
import { cohortLabel } from '../plan/cohortLabel.js';
import { shardRuns, type Shard } from '../plan/shard.js';
import type { Plan, PlannedRun } from '../plan/types.js';
import type { CohortJob } from './cohortJob.js';
import { provenanceOf } from './provenance.js';
import { loadRunData } from './loadRunData.js';
import { scheduleCohorts } from './jobOrder.js';
import { softwareVersions } from './versions.js';
import { wasmThreadCount } from './wasmThreadCount.js';
import { trainInWorkers } from './workerPool.js';
import type { PrestartedWorkers } from './workerProcess.js';

/** Progress events (the CLI turns them into bars or lines). */
export interface ExperimentEvents {
  /** The backend is running (before anything trains), with `threads` XNNPACK threads on wasm (else 1). */
  backendReady?(name: string, threads: number): void;
  /** `label` says what the cohort trains (plan/cohortLabel.ts). */
  cohortStarted?(cohortId: string, runs: number, steps: number, label: string): void;
  cohortStep?(cohortId: string, step: number): void;
  runFinished?(record: RunRecord): void;
  runSkipped?(runId: string): void;
}

export interface ExperimentOptions {
  /** Folder that holds experiment folders (results/ by default in the CLI). */
  outRoot: string;
  backend: BackendChoice;
  /** Retrain runs that are already complete. */
  force?: boolean;
  events?: ExperimentEvents;
  /** Aborting stops training; unfinished runs are recorded as interrupted. */
  signal?: AbortSignal;
  /** Cohorts trained at once, each by its own worker process; default 1: one at a time, in this process. */
  jobs?: number;
  /**
   * Worker processes forked ahead (prestartWorkers), taken before any is forked: forked before the caller reads
   * its data or loads TensorFlow.js, their start-ups overlap its own. The caller releases those left over.
   */
  prestarted?: PrestartedWorkers;
  /** Train only this shard of the plan (its summary then lists only the shard's runs). */
  shard?: Shard;
  /** What plan.json is to hold (a union of plans: output/folderPlan.ts); default: this plan's. */
  planFile?: PlanFile;
}

export interface ExperimentResult {
  outDir: string;
  backend: string;
  /** Runs this call was responsible for: the shard's, or the whole plan's. */
  planned: number;
  /** One record per run trained or skipped, in plan order; runs never started (interrupted sweep) have none. */
  records: RunRecord[];
  trained: number;
  skipped: number;
}

/**
 * Trains every run of the plan (or shard) that is not already complete and writes all result files. Throws a
 * UserError, before anything loads, when the output folder is not writable, and ResultsNotWritten when results
 * could not be written (the runs written before are kept; the summary is attempted all the same).
 */
export async function runExperiment(plan: Plan, options: ExperimentOptions): Promise<ExperimentResult> {
  const events = options.events ?? {};
  const outDir = join(options.outRoot, plan.name);
  await prepareExperimentFolder(outDir);
  const runs = options.shard === undefined ? plan.runs : shardRuns(plan.runs, options.shard);
  const byId = new Map<string, RunRecord>();
  const pending: PlannedRun[] = [];
  for (const run of runs) {
    const previous = !options.force && (await isRunDone(outDir, run.id)) ? await readRunRecord(outDir, run.id) : null;
    // A source of model.init_from finished before its parameters were kept is trained again to keep them.
    if (previous && run.saveParams && !(await hasFinalParams(outDir, run.id))) {
      pending.push(run);
    } else if (previous) {
      byId.set(run.id, previous);
      events.runSkipped?.(run.id);
    } else {
      pending.push(run);
    }
  }

  await assertInitSourcesTrained(pending, runs, outDir);

  // Every dataset loads before anything trains, so a bad data file stops the sweep with nothing half done.
  const datasets = await loadRunData(pending, plan.sources.join(', '));
  const backend = await useBackend(options.backend, { wasmThreads: wasmThreadCount(pending, datasets, options.jobs ?? 1, availableParallelism()) });
  events.backendReady?.(backend, wasmThreadsInUse());
  // A run too big for the backend's memory is refused here, before anything is written.
  const jobs = scheduleCohorts(pending, datasets, { backend, source: plan.sources.join(', ') });
  try {
    await writePlanFile(outDir, options.planFile ?? planFileOf(plan));
  } catch (error) {
    throw new ResultsNotWritten(`${writeFaultAdvice(writeFaultOf(error, outDir))} (nothing was trained)`);
  }
  // What every process that trains shares: each records it in its run folders.
  const setup = { backend: options.backend, outDir, versions: softwareVersions(), provenance: provenanceOf(plan.baseDir, options.shard) };
  // Stops the sweep on the caller's abort or on the first results that could not be written.
  const stop = new AbortController();
  const abortOnCaller = () => stop.abort();
  options.signal?.addEventListener('abort', abortOnCaller);
  if (options.signal?.aborted) stop.abort();
  // What could not be written, in the order it happened: the first is the one the user is told.
  const faults: string[] = [];
  let trained = 0;
  const started = (job: CohortJob) => {
    events.cohortStarted?.(job.id, job.cohort.runs.length, job.cohort.runs[0].config.train.steps, cohortLabel(job.cohort.runs));
  };
  const finished = (job: CohortJob, records: RunRecord[]) => {
    // A cohort that stopped early (interrupted, or every run diverged) still ends its progress bar.
    events.cohortStep?.(job.id, job.cohort.runs[0].config.train.steps);
    for (const record of records) {
      byId.set(record.run_id, record);
      trained++;
      events.runFinished?.(record);
      if (record.unsaved !== undefined) {
        faults.push(record.unsaved);
        stop.abort();
      }
    }
  };

  try {
    // Runs that start from another run's final parameters (model.init_from) train after every other cohort.
    const phases = [jobs.filter((job) => !startsFromRuns(job)), jobs.filter(startsFromRuns)].filter((phase) => phase.length > 0);
    for (const [index, phase] of phases.entries()) {
      if (stop.signal.aborted) break;
      await trainInWorkers(phase, {
        workers: Math.min(options.jobs ?? 1, phase.length),
        datasets,
        setup,
        backend,
        prestarted: index === 0 ? options.prestarted : undefined,
        signal: stop.signal,
        onJobStarted: started,
        onJobStep: (job, step) => events.cohortStep?.(job.id, step),
        onJobFinished: finished,
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', abortOnCaller);
  }
  const records = runs.map((r) => byId.get(r.id)).filter((r): r is RunRecord => r !== undefined);
  try {
    await writeSummary(outDir, plan, records);
  } catch (error) {
    const summaryFault = writeFaultAdvice(writeFaultOf(error, outDir));
    throw new ResultsNotWritten(faults.length === 0 ? summaryFault : `${faults[0]} (the summary could not be written either)`);
  }
  if (faults.length > 0) throw new ResultsNotWritten(`${faults[0]} (summary.csv lists the runs finished so far)`);
  return { outDir, backend, planned: runs.length, records, trained, skipped: runs.length - pending.length };
}

/** The cohort's runs start from other runs' final parameters (they share init_from: it is not per run). */
function startsFromRuns(job: CohortJob): boolean {
  return job.cohort.runs.some((run) => run.initFrom !== undefined);
}

/**
 * Refuses, before anything trains, a pending run whose model.init_from source neither trains in this call nor
 * has finished: a shard whose source is in another shard that has not run yet.
 */
async function assertInitSourcesTrained(pending: PlannedRun[], runs: PlannedRun[], outDir: string): Promise<void> {
  const training = new Set(pending.map((run) => run.id));
  const inCall = new Set(runs.map((run) => run.id));
  for (const run of pending) {
    if (run.initFrom === undefined || training.has(run.initFrom)) continue;
    if (!inCall.has(run.initFrom) && !(await hasFinalParams(outDir, run.initFrom))) {
      throw new UserError(
        `run ${run.id} (${run.arm} seed ${run.seed}) starts from run ${run.initFrom} (model.init_from), which is in another shard and has not finished: train that shard first`,
      );
    }
  }
}
