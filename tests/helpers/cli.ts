// Runs the optlab executable as users do: a child process with CI set, its exit status and output.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const OPTLAB_BIN = resolve('bin/optlab.js');

/** A stack trace line as Node prints it: user errors must never show one. */
export const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

export function runOptlab(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [OPTLAB_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
