// Shards (SPEC §1 `--shard I/N`): the plan's runs dealt into N parts that are deterministic, pairwise
// disjoint and cover the plan, balanced by estimated cost; a cohort is split only when balance needs it.
import { UsageError } from '../lib/errors.js';
import { groupCohorts } from './cohorts.js';
import { estimatedRunCost } from './runCost.js';
import type { PlannedRun } from './types.js';

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * How far over the mean shard cost a shard may go before cohorts are split to balance it (1.25: a quarter
 * over). A split costs a little (the parts no longer share per-step work); an unbalanced sweep waits on its
 * costliest shard.
 */
export const SHARD_BALANCE_LIMIT = 1.25;

/**
 * The most shards --shard accepts: far above any array job a sweep needs (Slurm's default MaxArraySize is
 * 1001), and low enough that dealing the runs stays instant (shards beyond the runs are empty).
 */
export const MAX_SHARDS = 10_000;

/** `I/N`, as --shard takes it and run.json records it. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** Environment variables of the array-job engines that say which task this is. */
export interface ArrayJobEnvironment {
  /** Kubernetes Indexed Job: 0-based completion index. */
  JOB_COMPLETION_INDEX?: string;
  /** Slurm job array: the task id, counted from SLURM_ARRAY_TASK_MIN. */
  SLURM_ARRAY_TASK_ID?: string;
  SLURM_ARRAY_TASK_MIN?: string;
}

/** A non-negative integer written in decimal, else null. */
function wholeNumber(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** The 1-based shard index an array-job engine assigned to this task, with where it came from. */
function arrayJobIndex(spec: string, env: ArrayJobEnvironment): { index: number; source: string } {
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const index = wholeNumber(env.JOB_COMPLETION_INDEX);
    if (index === null) throw new UsageError(`--shard ${spec}: JOB_COMPLETION_INDEX is "${env.JOB_COMPLETION_INDEX}", not a whole number`);
    return { index: index + 1, source: `JOB_COMPLETION_INDEX=${index}` };
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = wholeNumber(env.SLURM_ARRAY_TASK_ID);
    // Slurm sets SLURM_ARRAY_TASK_MIN beside every array task id; an array numbered from 0 is the default.
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : wholeNumber(env.SLURM_ARRAY_TASK_MIN);
    if (id === null) throw new UsageError(`--shard ${spec}: SLURM_ARRAY_TASK_ID is "${env.SLURM_ARRAY_TASK_ID}", not a whole number`);
    if (min === null) throw new UsageError(`--shard ${spec}: SLURM_ARRAY_TASK_MIN is "${env.SLURM_ARRAY_TASK_MIN}", not a whole number`);
    return { index: id - min + 1, source: `SLURM_ARRAY_TASK_ID=${id} (SLURM_ARRAY_TASK_MIN=${min})` };
  }
  throw new UsageError(
    `--shard ${spec}: no array-job index in the environment: auto reads JOB_COMPLETION_INDEX (Kubernetes Indexed Job) ` +
      `or SLURM_ARRAY_TASK_ID (Slurm job array); elsewhere give the shard's number, e.g. --shard 1/${spec.split('/')[1]}`,
  );
}

/** Parses `I/N` (1 <= I <= N) or `auto/N` (I from the array-job engine's environment); throws a UsageError. */
export function parseShard(spec: string, env: ArrayJobEnvironment = {}): Shard {
  const match = /^(auto|\d+)\/(\d+)$/.exec(spec.trim());
  if (match === null) throw new UsageError(`--shard expects I/N (shard I of N, 1 <= I <= N, e.g. 2/4) or auto/N, got "${spec}"`);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard ${spec}: the number of shards must be from 1 to ${MAX_SHARDS}`);
  if (match[1] !== 'auto') {
    const index = Number(match[1]);
    if (index < 1 || index > count) throw new UsageError(`--shard ${spec}: the shard number must be from 1 to ${count}`);
    return { index, count };
  }
  const { index, source } = arrayJobIndex(spec, env);
  if (index < 1 || index > count) {
    throw new UsageError(`--shard ${spec}: ${source} gives shard ${index}, outside 1..${count}: the array must have exactly ${count} tasks`);
  }
  return { index, count };
}

/** A whole cohort or a part of one: what is dealt to a shard. */
interface Piece {
  runs: PlannedRun[];
  cost: number;
  /** Plan position of its first run: the tie-break that keeps the deal deterministic. */
  first: number;
}

/** Costliest first; equal costs in plan order. */
function byCostThenPlanOrder(a: Piece, b: Piece): number {
  return b.cost - a.cost || a.first - b.first;
}

/** Deals the pieces, costliest first, each to the least-loaded shard (the first of equals): longest-processing-time-first. */
function deal(pieces: Piece[], count: number): { shards: PlannedRun[][]; loads: number[] } {
  const shards: PlannedRun[][] = Array.from({ length: count }, () => []);
  const loads = new Array<number>(count).fill(0);
  for (const piece of [...pieces].sort(byCostThenPlanOrder)) {
    const target = loads.indexOf(Math.min(...loads));
    shards[target].push(...piece.runs);
    loads[target] += piece.cost;
  }
  return { shards, loads };
}

/**
 * Deals the runs into `count` shards, each in plan order. Cohorts (runs sharing every shape) are dealt whole,
 * costliest first, to the least-loaded shard. A cohort costlier than SHARD_BALANCE_LIMIT x the mean shard cost
 * fits on no shard: it is cut first into near-equal parts of about the mean. While the costliest shard still
 * exceeds the limit, the costliest part that has several runs is halved and everything dealt again; this ends
 * balanced, or with single runs only, whose deal exceeds the mean by at most one run's cost.
 */
export function assignShards(runs: PlannedRun[], count: number): PlannedRun[][] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be an integer >= 1, got ${count}`);
  const position = new Map(runs.map((run, index) => [run, index]));
  const pieceOf = (part: PlannedRun[]): Piece => ({
    runs: part,
    cost: part.reduce((sum, run) => sum + estimatedRunCost(run.config), 0),
    first: position.get(part[0])!,
  });
  /** `piece` cut into `parts` near-equal parts, runs in plan order. */
  const cut = (piece: Piece, parts: number): Piece[] =>
    groupCohorts(piece.runs, Math.ceil(piece.runs.length / parts)).map((cohort) => pieceOf(cohort.runs));

  const cohorts = groupCohorts(runs, Number.MAX_SAFE_INTEGER).map((cohort) => pieceOf(cohort.runs));
  const mean = cohorts.reduce((sum, piece) => sum + piece.cost, 0) / count;
  const limit = SHARD_BALANCE_LIMIT * mean;
  let pieces = cohorts.flatMap((piece) => (piece.cost > limit ? cut(piece, Math.ceil(piece.cost / mean)) : [piece]));
  for (;;) {
    const { shards, loads } = deal(pieces, count);
    const halvable = pieces.filter((piece) => piece.runs.length > 1).sort(byCostThenPlanOrder);
    if (Math.max(...loads) <= limit || halvable.length === 0) {
      return shards.map((shard) => shard.sort((a, b) => position.get(a)! - position.get(b)!));
    }
    pieces = [...pieces.filter((piece) => piece !== halvable[0]), ...cut(halvable[0], 2)];
  }
}

/** The runs of one shard, in plan order. */
export function shardRuns(runs: PlannedRun[], shard: Shard): PlannedRun[] {
  if (shard.index < 1 || shard.index > shard.count) throw new RangeError(`shard ${formatShard(shard)} does not exist`);
  return assignShards(runs, shard.count)[shard.index - 1];
}
