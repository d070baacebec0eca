// Finds a Python with PyTorch (detection only: the benchmark installs nothing) and talks to the PyTorch
// baselines worker, bench/torch/baselines.py, one JSON line per request.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const worker = join(dirname(fileURLToPath(import.meta.url)), '..', 'torch', 'baselines.py');

/**
 * The first of python3 and Debian's /usr/bin/python3 (a pyenv or venv python3 first on PATH may lack the
 * system's python3-torch) for which `import torch` works, or only $OPTLAB_BENCH_PYTHON when it is set
 * (`OPTLAB_BENCH_PYTHON=none` gives the optlab-only figures); null when none works.
 */
export function findTorchPython() {
  const candidates = process.env.OPTLAB_BENCH_PYTHON ? [process.env.OPTLAB_BENCH_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of new Set(candidates)) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

/** A running baselines worker: request(obj) resolves to its answer; close() ends it. */
export class TorchWorker {
  constructor(python) {
    this.child = spawn(python, [worker], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.pending = [];
    createInterface({ input: this.child.stdout }).on('line', (line) => this.pending.shift()?.resolve(JSON.parse(line)));
    this.child.on('exit', (code) => {
      for (const waiting of this.pending.splice(0)) waiting.reject(new Error(`the PyTorch worker exited (${code})`));
    });
  }

  /** Sends one request; rejects when the worker reports an error. */
  async request(message) {
    const answer = await new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin.write(`${JSON.stringify(message)}\n`);
    });
    if (!answer.ok) throw new Error(`PyTorch ${message.case}: ${answer.error}`);
    return answer;
  }

  close() {
    this.child.stdin.end();
  }
}
