// One experiment folder, one plan: the plan.json a run writes into a folder that already holds one. A plan that
// holds the folder's runs (the same plan, or one grown by more values or seeds) replaces it; a plan whose runs the
// folder already declares keeps it; any other plan (a changed config, --set or data file) is refused unless
// `--add` declares the union, which plan.json then records (every run id of both, and both sets of swept fields).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../lib/errors.js';
import type { Plan } from '../plan/types.js';
import { PLAN_FILE_NAME, planFileOf, readPlanFile, type PlanFile } from './merge.js';

export interface FolderPlan {
  /** What plan.json is to hold. */
  planFile: PlanFile;
  /** False when the folder holds more runs than this plan's: its summary is then regenerated from plan.json. */
  own: boolean;
}

/** True when every run id and swept field of `part` is in `whole`. */
function covers(whole: PlanFile, part: PlanFile): boolean {
  const ids = new Set(whole.run_ids);
  return part.run_ids.every((id) => ids.has(id)) && part.swept_fields.every((field) => whole.swept_fields.includes(field));
}

/** `a` then what `b` adds; a data file in both keeps `b`'s (the newer) digest. */
function union(a: PlanFile, b: PlanFile): PlanFile {
  const digests = { ...a.data_sha256, ...b.data_sha256 };
  return {
    name: b.name,
    swept_fields: [...new Set([...a.swept_fields, ...b.swept_fields])],
    run_ids: [...new Set([...a.run_ids, ...b.run_ids])],
    ...(Object.keys(digests).length > 0 ? { data_sha256: digests } : {}),
  };
}

/** `file` with the description and claims of `mine`, the config just run (its text is the newest). */
function withTexts(file: PlanFile, mine: PlanFile): PlanFile {
  const { description: _description, expect: _expect, ...rest } = file;
  return {
    ...rest,
    ...(mine.description !== undefined ? { description: mine.description } : {}),
    ...(mine.expect !== undefined ? { expect: mine.expect } : {}),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The plan file `plan` writes into `outDir` (see the file's opening); throws a UsageError, before anything trains,
 * when the folder holds another plan and `add` is not set.
 */
export async function folderPlan(outDir: string, plan: Plan, add: boolean): Promise<FolderPlan> {
  const mine = planFileOf(plan);
  if (!(await exists(join(outDir, PLAN_FILE_NAME)))) return { planFile: mine, own: true };
  const held = await readPlanFile(outDir);
  if (covers(mine, held)) return { planFile: mine, own: true };
  if (covers(held, mine)) return { planFile: withTexts(held, mine), own: false };
  if (add) return { planFile: withTexts(union(held, mine), mine), own: false };
  const foreign = held.run_ids.filter((id) => !mine.run_ids.includes(id)).length;
  const changed = Object.entries(mine.data_sha256 ?? {}).find(([file, digest]) => held.data_sha256?.[file] !== undefined && held.data_sha256[file] !== digest);
  const cause =
    changed === undefined
      ? 'a changed config, --set or data file?'
      : `the data file ${changed[0]} changed since they were trained: sha256 ${held.data_sha256![changed[0]].slice(0, 12)}… then, ${changed[1].slice(0, 12)}… now`;
  throw new UsageError(
    `${outDir} holds another plan of experiment "${plan.name}" (${foreign} of its ${held.run_ids.length} runs are not in this one: ` +
      `${cause}): write to another folder with --out, delete ${outDir} to start over, ` +
      `or pass --add to keep both plans' runs in this folder (plan.json then lists them all)`,
  );
}
