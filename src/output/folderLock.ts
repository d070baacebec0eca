// The experiment-folder lock: a process that writes into an experiment folder (a run, a shard of one, a merge)
// holds a lock file there naming it (pid, host, start time, command), so a second process writing the same
// runs is refused at once with a message naming the first, instead of the two overwriting each other's files.
// Shards of one plan write disjoint runs: each holds its own shard's lock, and they share a folder; a whole-plan
// run or a merge holds `optlab.lock`, which no shard lock may sit beside. A lock left by a killed process on
// this host (its pid is gone) is taken over; one left on another host must be deleted by hand.
import { randomUUID } from 'node:crypto';
import { linkSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../lib/errors.js';
import { assertWritableFolder } from './writableFolder.js';
import { describeFileError } from './writeFault.js';

/** The lock of a whole-plan run or a merge. */
export const LOCK_FILE_NAME = 'optlab.lock';

/** What a lock file holds: who holds the folder. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601 time the lock was taken. */
  started: string;
  /** e.g. `optlab run configs/x.yaml --shard 1/4`. */
  command: string;
}

/** The folder is being written by another optlab process (exit status 2: nothing was done). */
export class FolderInUse extends UserError {}

export interface FolderLock {
  readonly path: string;
  /** Removes the lock file (if it is still this process's); also done when the process exits. */
  release(): void;
}

/** The lock file of shard `index` of `count`, or of the whole folder. */
export function lockFileName(shard?: { index: number; count: number }): string {
  return shard === undefined ? LOCK_FILE_NAME : `optlab-shard-${shard.index}-of-${shard.count}.lock`;
}

function isLockFile(name: string): boolean {
  return name === LOCK_FILE_NAME || /^optlab-shard-\d+-of-\d+\.lock$/.test(name);
}

/** False when `pid` is surely not running on this host (ESRCH); a process of another user (EPERM) is running. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const json = JSON.parse(text) as Partial<LockHolder>;
    if (typeof json.pid === 'number' && typeof json.host === 'string' && typeof json.started === 'string' && typeof json.command === 'string') {
      return json as LockHolder;
    }
  } catch {
    // Not JSON: not a lock optlab wrote in full.
  }
  return undefined;
}

/** The text of a file, or undefined when it is gone. */
function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes the lock at `path` when its holder is a process of this host that is no longer running; true when it
 * did (or the lock is already gone). The file is read again just before it is removed, so a lock another process
 * took over in the meantime is left alone.
 */
function removeIfStale(path: string, text: string): boolean {
  const holder = parseHolder(text);
  if (holder === undefined || holder.host !== hostname() || isRunning(holder.pid)) return false;
  if (readIfThere(path) === text) unlinkSync(path);
  return true;
}

function inUseMessage(folder: string, path: string, text: string): string {
  const holder = parseHolder(text);
  if (holder === undefined) {
    return `${folder} holds a lock file that is not optlab's or is damaged (${path}): if no optlab is writing there, delete it and run again`;
  }
  const gone = holder.host === hostname() ? 'if it is stuck, stop it' : `if it is no longer running on ${holder.host}, delete ${path}`;
  return (
    `${folder} is being written by another optlab process: pid ${holder.pid} on ${holder.host}, since ${holder.started} ` +
    `(${holder.command}). Wait for it to finish, or write to another folder with --out; ${gone}`
  );
}

/** Removes `folder` and its parents up to `top` while they are empty, so a command that wrote nothing leaves nothing. */
function removeEmptyFolders(folder: string, top: string | undefined): void {
  if (top === undefined) return;
  for (let current = resolve(folder); current.startsWith(resolve(top)); current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      // Not empty (results were written, or another process wrote there): kept.
      return;
    }
  }
}

/**
 * Takes the lock `name` (see lockFileName) of the experiment folder `folder`, creating the folder. Throws a
 * FolderInUse naming the other process when the lock is held, or when a whole-folder lock and a shard lock would
 * sit side by side; a UserError when the folder cannot be written.
 */
export async function lockFolder(folder: string, name: string, command: string): Promise<FolderLock> {
  await assertWritableFolder(folder);
  const path = join(folder, name);
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command } satisfies LockHolder, null, 2)}\n`;
  const temp = join(folder, `.${name}.${randomUUID()}.tmp`);
  // The first folder this call created (undefined when the folder was there): removed again if left empty.
  let created: string | undefined;
  try {
    created = await mkdir(folder, { recursive: true });
    writeFileSync(temp, text);
    // link() creates the lock with its whole text in one step, and fails when one exists: no one ever reads a half-written lock.
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const held = readIfThere(path);
        if (attempt < 2 && (held === undefined || removeIfStale(path, held))) continue;
        throw new FolderInUse(inUseMessage(folder, path, held ?? ''));
      }
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot lock ${folder} for writing (${path}): ${describeFileError(error)}; choose a writable folder with --out`);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Never created (the folder could not be written): nothing to remove.
    }
  }
  const release = () => {
    process.off('exit', release);
    try {
      if (readIfThere(path) === text) unlinkSync(path);
    } catch {
      // The folder went away: there is no lock left to remove.
    }
    removeEmptyFolders(folder, created);
  };
  // process.exit (a second Ctrl-C) skips finally blocks, not 'exit' listeners.
  process.on('exit', release);
  // Taken first, checked second: of two processes that race, at least one sees the other, and none writes unseen.
  const conflicts = readdirSync(folder).filter((other) => other !== name && isLockFile(other) && (name === LOCK_FILE_NAME || other === LOCK_FILE_NAME));
  for (const conflict of conflicts) {
    const otherPath = join(folder, conflict);
    const held = readIfThere(otherPath);
    if (held !== undefined && !removeIfStale(otherPath, held)) {
      release();
      throw new FolderInUse(inUseMessage(folder, otherPath, held));
    }
  }
  return { path, release };
}
