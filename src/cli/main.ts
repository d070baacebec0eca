// The optlab command line: thin commands over the programmatic API. Only this layer reads argv,
// prints for humans and sets the exit code (0 all runs finished, 1 a run failed or was interrupted,
// 2 bad usage or a bad config).
import { Command, CommanderError, Option } from 'commander';
import { BACKEND_CHOICES } from '../backend/choices.js';
import { OPTLAB_VERSION } from '../lib/version.js';
import { UserError } from '../lib/errors.js';
import type { Interrupts } from './interrupts.js';
import { ResultsNotWritten, WriteFault } from '../output/writeFault.js';
import { listCommand } from './commands/list.js';
import { validateCommand } from './commands/validate.js';
import { summaryCommand } from './commands/summary.js';
import { CURVE_X_AXES } from '../report/charts/axisTitles.js';
import { PROFILE_MEASURES } from '../report/performanceProfile.js';
import { SUMMARY_SORT_KEYS } from '../report/summarize.js';
import { SUMMARY_FORMATS } from '../report/summaryFormat.js';
import { PLAN_SELECTIONS } from '../report/experiment.js';

/** Exit status for bad usage or a bad config: nothing was trained. */
export const EXIT_USAGE = 2;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The commands; `interrupts`, caught since optlab started (bin/optlab.js), go to `run`, the one that stops cleanly on them. */
export function buildProgram(interrupts?: Interrupts): Command {
  const program = new Command('optlab')
    .description('A lab for studying how optimizers train models.')
    .version(OPTLAB_VERSION)
    .exitOverride()
    .showHelpAfterError()
    .hook('preAction', (_program, command) => {
      if (command.name() !== 'run') interrupts?.release();
    });
  program
    .command('run')
    .description('train every run of one or more experiment configs and write results/<name>/')
    .argument('<config...>', 'experiment config files (YAML)')
    .option('--out <dir>', 'folder that holds experiment folders', 'results')
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(BACKEND_CHOICES).default('auto'))
    .option('--force', 'retrain runs that are already complete', false)
    .option('--add', "add this config's runs to an experiment folder that holds another plan's (plan.json lists both)", false)
    .option('--jobs <n>', 'cohorts trained at once, each in its own worker process (default: one per core)')
    .option('--shard <I/N>', 'train only shard I of N (auto/N: I from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)')
    .option('--set <path=value>', 'override a config value (a=1,2,3 makes a grid axis); may repeat', collect, [])
    .option('--dry-run', 'print the plan (runs, cohorts, what would be skipped) and train nothing', false)
    .option('--quiet', 'one plain line per finished run, no progress bars', false)
    .option('--check', "exit 1 when a claim of the config's expect: fails (claims.csv is written either way)", false)
    .action(async (configs: string[], opts) => {
      // Loaded on demand: TensorFlow.js takes a few hundred ms to load, and only `run` needs it.
      const { runCommand } = await import('./commands/run.js');
      process.exitCode = await runCommand(configs, opts, interrupts);
    });
  program
    .command('check')
    .description("check the claims of each experiment's config (expect:) against its runs and write claims.csv; exit 1 when one fails")
    .argument('<dir...>', 'experiment folders written by optlab run (results/<name>)')
    .action(async (dirs: string[]) => {
      const { checkCommand } = await import('./commands/check.js');
      process.exitCode = await checkCommand(dirs);
    });
  program
    .command('merge')
    .description('join experiment folders of one plan (its shards) into one, regenerating summary.csv and curves.csv')
    .argument('<dir...>', 'experiment folders written by optlab run (results/<name>)')
    .requiredOption('--out <dir>', 'the merged experiment folder')
    .action(async (dirs: string[], opts) => {
      const { mergeCommand } = await import('./commands/merge.js');
      process.exitCode = await mergeCommand(dirs, opts);
    });
  program
    .command('plan')
    .description("print a config's cohorts and estimated costs, or (--matrix N) a GitHub Actions matrix of N shards")
    .argument('<config>', 'experiment config file (YAML)')
    .option('--set <path=value>', 'override a config value; may repeat', collect, [])
    .option('--matrix <n>', 'print the matrix (JSON) of N shards, N <= 256, for `--shard ${{ matrix.shard }}`')
    .action(async (config: string, opts) => {
      const { planCommand } = await import('./commands/plan.js');
      process.exitCode = planCommand(config, opts);
    });
  program
    .command('validate')
    .description('parse and check configs and their data files, print the expanded run count')
    .argument('<config...>', 'experiment config files (YAML)')
    .option('--set <path=value>', 'override a config value; may repeat', collect, [])
    .action(async (configs: string[], opts) => {
      process.exitCode = await validateCommand(configs, opts);
    });
  program
    .command('list')
    .description('every kind of optimizer, model, dataset and schedule, with its parameters and defaults')
    .argument('[what]', 'datasets | models | optimizers | schedules | train | experiment')
    .action((what: string | undefined) => {
      process.exitCode = listCommand(what);
    });
  program
    .command('summary')
    .description('runs grouped by arm and swept values: mean ± std over seeds of final and best losses, best first')
    .argument('<dir...>', 'experiment folders written by optlab run (results/<name>)')
    .addOption(new Option('--format <format>', 'output format').choices(SUMMARY_FORMATS).default('table'))
    .option('--target <loss>', 'also report steps and wall time until train_loss <= this value')
    .addOption(new Option('--sort <key>', 'rank groups by this (best first)').choices(SUMMARY_SORT_KEYS))
    .option('--profile', 'print the performance profile across the folders (needs --target)', false)
    .addOption(new Option('--x <measure>', 'time to target in the profile').choices(PROFILE_MEASURES).default('step'))
    .addOption(new Option('--plan <which>', 'all: every finished run of the folder; current: only the runs its plan.json lists').choices(PLAN_SELECTIONS).default('all'))
    .action(async (dirs: string[], opts) => {
      process.exitCode = await summaryCommand(dirs, opts);
    });
  program
    .command('plot')
    .description('SVG charts of experiment folders (loss curves, lr sensitivity, NTK drift, direction errors), or an HTML report')
    .argument('<dir...>', 'experiment folders written by optlab run (results/<name>)')
    .addOption(new Option('--metric <column>', 'curve.csv, ntk.csv (kernel_rel_change, lin_gap, ...) or directions.csv (error) column to draw; may repeat or be a comma list').argParser(collect).default([], 'train_loss and test_loss, and test_acc when logged'))
    .addOption(new Option('--x <axis>', 'x axis of the curves').choices(CURVE_X_AXES).default('step'))
    .option('--out <path>', 'FILE.html: one self-contained report; FILE.svg, FILE.png or FILE.pdf: the curves of one metric (PNG and PDF drawn by headless Chromium); else a folder of SVGs (default <dir>/plots)')
    .option('--target <loss>', 'train_loss target for the report\'s time-to-target columns and, over several folders, the performance profile')
    .addOption(new Option('--sort <key>', 'rank the report\'s summary rows by this').choices(SUMMARY_SORT_KEYS))
    .addOption(new Option('--plan <which>', 'all: every finished run of the folder; current: only the runs its plan.json lists').choices(PLAN_SELECTIONS).default('all'))
    .action(async (dirs: string[], opts) => {
      // Loaded on demand: Vega is only needed to draw.
      const { plotCommand } = await import('./commands/plot.js');
      process.exitCode = await plotCommand(dirs, opts);
    });
  return program;
}

/**
 * Parses argv and runs the command; user errors print without a stack trace. `interrupts`: SIGINT and SIGTERM
 * caught since the process started, released once the command is done (without them `run` catches its own).
 */
export async function main(argv: string[], interrupts?: Interrupts): Promise<void> {
  try {
    await buildProgram(interrupts).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the message (or the help / version).
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
    } else if (error instanceof UserError) {
      process.stderr.write(`optlab: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else if (error instanceof ResultsNotWritten || error instanceof WriteFault) {
      // Results could not be written (disk full, no permission): a fault, not bad input: one line, exit 1.
      process.stderr.write(`optlab: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    interrupts?.release();
  }
}
