// The optlab command line: thin commands over the programmatic API. Only this layer reads argv,
// prints for humans and sets the exit code (0 all runs finished, 1 a run failed or was interrupted,
// 2 bad usage or a bad config).
import { Command, CommanderError, Option } from 'commander';
import { BACKEND_CHOICES } from '../backend/choices.js';
import { OPTLAB_VERSION } from '../lib/version.js';
import { UserError } from '../lib/errors.js';
import { listCommand } from './commands/list.js';
import { validateCommand } from './commands/validate.js';

/** Exit status for bad usage or a bad config: nothing was trained. */
export const EXIT_USAGE = 2;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(): Command {
  const program = new Command('optlab')
    .description('A lab for studying how optimizers train models.')
    .version(OPTLAB_VERSION)
    .exitOverride()
    .showHelpAfterError();
  program
    .command('run')
    .description('train every run of one or more experiment configs and write results/<name>/')
    .argument('<config...>', 'experiment config files (YAML)')
    .option('--out <dir>', 'folder that holds experiment folders', 'results')
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(BACKEND_CHOICES).default('auto'))
    .option('--force', 'retrain runs that are already complete', false)
    .option('--set <path=value>', 'override a config value (a=1,2,3 makes a grid axis); may repeat', collect, [])
    .option('--dry-run', 'print the plan (runs, cohorts, what would be skipped) and train nothing', false)
    .option('--quiet', 'one plain line per finished run, no progress bars', false)
    .action(async (configs: string[], opts) => {
      // Loaded on demand: TensorFlow.js takes a few hundred ms to load, and only `run` needs it.
      const { runCommand } = await import('./commands/run.js');
      process.exitCode = await runCommand(configs, opts);
    });
  program
    .command('validate')
    .description('parse and check configs, print the expanded run count')
    .argument('<config...>', 'experiment config files (YAML)')
    .option('--set <path=value>', 'override a config value; may repeat', collect, [])
    .action((configs: string[], opts) => {
      process.exitCode = validateCommand(configs, opts);
    });
  program
    .command('list')
    .description('every kind of optimizer, model, dataset and schedule, with its parameters and defaults')
    .argument('[what]', 'datasets | models | optimizers | schedules | train | experiment')
    .action((what: string | undefined) => {
      process.exitCode = listCommand(what);
    });
  return program;
}

/** Parses argv and runs the command; user errors print without a stack trace. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the message (or the help / version).
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
    } else if (error instanceof UserError) {
      process.stderr.write(`optlab: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      throw error;
    }
  }
}
