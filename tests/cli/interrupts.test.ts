// Caught interrupts, in a child process that signals itself: the first aborts and reaches the handler that came
// later; a second quits at once (exit 130); released unhandled, a caught signal ends the process as the signal's
// default action would (killed by SIGINT, the shell's 130).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const interrupts = pathToFileURL(resolve('dist/cli/interrupts.js')).href;

/** Runs `body` (an ES module body with `catchInterrupts` in scope) in a fresh Node process. */
function withInterrupts(body: string) {
  const script = `import { catchInterrupts } from ${JSON.stringify(interrupts)};\n${body}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, signal: result.signal, stdout: result.stdout };
}

it('aborts at the first signal and calls the handler that comes after it', () => {
  const run = withInterrupts(`
    const caught = catchInterrupts();
    process.kill(process.pid, 'SIGINT');
    setTimeout(() => {
      console.log('aborted before handled:', caught.signal.aborted);
      caught.handle(() => console.log('stopping'));
      caught.release();
      console.log('still running');
    }, 200);
  `);
  expect(run).toEqual({ status: 0, signal: null, stdout: 'aborted before handled: true\nstopping\nstill running\n' });
});

it('quits at once at a second signal', () => {
  const run = withInterrupts(`
    const caught = catchInterrupts();
    caught.handle(() => console.log('stopping'));
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.kill(process.pid, 'SIGINT'), 100);
    setTimeout(() => console.log('not reached'), 2000);
  `);
  expect(run).toEqual({ status: 130, signal: null, stdout: 'stopping\n' });
});

it('ends the process by the signal it caught when released unhandled, and not otherwise', () => {
  const caughtThenReleased = withInterrupts(`
    const caught = catchInterrupts();
    process.kill(process.pid, 'SIGINT');
    setTimeout(() => { caught.release(); setTimeout(() => console.log('not reached'), 500); }, 200);
  `);
  expect(caughtThenReleased).toEqual({ status: null, signal: 'SIGINT', stdout: '' });
  const quiet = withInterrupts(`catchInterrupts().release(); console.log('done');`);
  expect(quiet).toEqual({ status: 0, signal: null, stdout: 'done\n' });
});
