// Runs the optlab executable as users do: a child process with CI set, its exit status and output; or started in
// the background, for tests that signal it while it runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const OPTLAB_BIN = resolve('bin/optlab.js');

/** A stack trace line as Node prints it: user errors must never show one. */
export const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

export function runOptlab(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [OPTLAB_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A running optlab, leading its own process group (as a terminal's foreground job does), with what it has printed. */
export interface OptlabProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when it has exited: its exit code, or the signal that ended it. */
  exited: Promise<{ status: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts optlab detached: `process.kill(-child.pid, ...)` then reaches it and its workers, as a terminal's Ctrl-C does. */
export function startOptlab(cwd: string, ...args: string[]): OptlabProcess {
  const child = spawn(process.execPath, [OPTLAB_BIN, ...args], { cwd, env: { ...process.env, CI: 'true' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Whether any process of the group led by `pid` is still alive (a worker left behind, say). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
