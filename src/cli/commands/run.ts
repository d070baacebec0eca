// `optlab run`: validate every config first (exit 2 before any training), then train each experiment.
import type { BackendChoice } from '../../backend/backend.js';
import { runExperiment } from '../../experiment/runExperiment.js';
import { loadPlan } from '../../plan/loadPlan.js';
import type { Plan } from '../../plan/types.js';
import { createProgress } from '../progress.js';
import { describePlan } from './describePlan.js';

export interface RunOptions {
  out: string;
  backend: BackendChoice;
  force: boolean;
  set: string[];
  dryRun: boolean;
  quiet: boolean;
}

/** Returns the exit status: 0 every run finished (complete or diverged), 1 a run failed or was interrupted. */
export async function runCommand(configs: string[], options: RunOptions): Promise<number> {
  const plans: Plan[] = configs.map((file) => loadPlan(file, { set: options.set }));
  if (options.dryRun) {
    for (const plan of plans) process.stdout.write(describePlan(plan) + '\n');
    return 0;
  }
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\noptlab: stopping after the current step (press Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let status = 0;
  let backendShown = false;
  try {
    for (const plan of plans) {
      const progress = createProgress({
        tty: Boolean(process.stderr.isTTY),
        quiet: options.quiet,
        totalRuns: plan.runs.length,
        stream: process.stderr.isTTY && !options.quiet ? process.stderr : process.stdout,
      });
      let result;
      try {
        result = await runExperiment(plan, {
          outRoot: options.out,
          backend: options.backend,
          force: options.force,
          signal: controller.signal,
          events: {
            backendReady: (name) => {
              if (!backendShown) process.stderr.write(`optlab: backend ${name}\n`);
              backendShown = true;
            },
            cohortStarted: (id, runs, steps) => progress.cohortStarted(id, runs, steps),
            cohortStep: (id, step) => progress.cohortStep(id, step),
            runFinished: (record) => progress.runFinished(record),
            runSkipped: (id) => progress.runSkipped(id),
          },
        });
      } finally {
        progress.stop();
      }
      const count = (s: string) => result.records.filter((r) => r.status === s).length;
      const unfinished = plan.runs.length - result.records.length;
      process.stdout.write(
        `${plan.name}: ${plan.runs.length} runs — ${count('complete')} complete, ${count('diverged')} diverged, ` +
          `${count('failed')} failed, ${count('interrupted') + unfinished} interrupted` +
          `${result.skipped > 0 ? ` (${result.skipped} already complete, skipped)` : ''}; results in ${result.outDir}\n`,
      );
      if (count('failed') + count('interrupted') + unfinished > 0) status = 1;
      if (controller.signal.aborted) break;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return status;
}
