// Ctrl-C and SIGTERM, caught from optlab's first line (bin/optlab.js), not only once `run` has loaded (~0.5 s of
// loading the CLI, seconds on a busy machine): one that comes while optlab starts then stops a run as cleanly
// as one mid-sweep (exit 1, nothing half-written) instead of ending it by the signal's default action. A
// command that does not stop cleanly releases them, and a signal caught meanwhile ends it as it would have.
// Free of imports, so that it is in place before anything else loads.

/** The process's SIGINT and SIGTERM, caught. */
export interface Interrupts {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The caller stops cleanly on `signal`: `onStop` is called at the first signal, or at once if it has come. */
  handle(onStop: () => void): void;
  /** Stops catching; a signal that came and was not handled ends the process now, as the signal would have. */
  release(): void;
}

/** Catches SIGINT and SIGTERM from now on: the first aborts `signal`, a second quits at once (exit 130). */
export function catchInterrupts(): Interrupts {
  const controller = new AbortController();
  let caught: NodeJS.Signals | null = null;
  let onStop: (() => void) | null = null;
  const onSignal = (name: NodeJS.Signals) => {
    if (caught !== null) process.exit(130);
    caught = name;
    controller.abort();
    onStop?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    handle(callback) {
      onStop = callback;
      if (caught !== null) callback();
    },
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (caught !== null && onStop === null) process.kill(process.pid, caught);
    },
  };
}
