// `optlab merge <dir...> --out <dir>`: joins the experiment folders of a plan's shards into one, as one run of
// the whole plan would have written it; exit 1 while runs are missing (a damaged copy is missing), failed or interrupted.
import { LOCK_FILE_NAME, lockFolder } from '../../output/folderLock.js';
import { mergeExperiments, type MergeResult } from '../../output/merge.js';
import { prepareExperimentFolder } from '../../output/writableFolder.js';
import { ResultsNotWritten, WriteFault, writeFaultAdvice } from '../../output/writeFault.js';

/** Run ids listed in a message before "and N more". */
const LISTED_RUN_IDS = 10;

export async function mergeCommand(dirs: string[], options: { out: string }): Promise<number> {
  // Links refused before the lock file is written; then no run or other merge may write the output folder meanwhile.
  await prepareExperimentFolder(options.out);
  const lock = await lockFolder(options.out, LOCK_FILE_NAME, `optlab ${process.argv.slice(2).join(' ')}`);
  let result: MergeResult;
  try {
    result = await mergeExperiments(dirs, options.out);
  } catch (error) {
    // A merge only reads its inputs: a failed write leaves them as they were.
    throw error instanceof WriteFault ? new ResultsNotWritten(writeFaultAdvice(error, 'the folders merged are unchanged')) : error;
  } finally {
    lock.release();
  }
  for (const problem of result.damaged) process.stderr.write(`optlab: ${problem}; not merged (optlab run trains it again)\n`);
  const count = (status: string) => result.records.filter((record) => record.status === status).length;
  const planned = result.records.length + result.missing.length;
  process.stdout.write(
    `merged ${result.inputs.length} folder${result.inputs.length === 1 ? '' : 's'} into ${result.outDir}: ` +
      `${result.records.length} of ${planned} planned runs — ${count('complete')} complete, ${count('diverged')} diverged, ` +
      `${count('failed')} failed, ${count('interrupted')} interrupted` +
      `${result.duplicates > 0 ? `; ${result.duplicates} found twice with the same results` : ''}` +
      `${result.ignored > 0 ? `; ${result.ignored} run folders not in the plan left out` : ''}\n`,
  );
  if (result.missing.length > 0) {
    const listed = result.missing.slice(0, LISTED_RUN_IDS).join(', ');
    const more = result.missing.length > LISTED_RUN_IDS ? ` and ${result.missing.length - LISTED_RUN_IDS} more` : '';
    process.stdout.write(`missing ${result.missing.length} runs (in no folder given; did a shard not finish?): ${listed}${more}\n`);
  }
  return result.missing.length + count('failed') + count('interrupted') > 0 ? 1 : 0;
}
