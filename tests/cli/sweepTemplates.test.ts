// The array-job templates of docs/scale work as written: the Slurm script's three modes run for real (sbatch
// faked), the GitHub Actions workflow's commands run in its data flow (plan -> matrix -> shards -> artifacts ->
// merge), and the Kubernetes manifest's shard count agrees everywhere.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const bin = resolve('bin/optlab.js');
const docs = resolve('docs/scale');
const root = mkdtempSync(join(tmpdir(), 'optlab-templates-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = `name: tiny
seeds: [0, 1]
data: { kind: linear-regression, n_train: 32, n_test: 16, dim: 3, condition: 5 }
train: { steps: 10, batch_size: 8, eval_every: 5 }
optimizers: [{ kind: sgd, lr: 0.05 }, { kind: adam, lr: 0.01 }]
`;

/** A project folder with the config, and a PATH whose `npx optlab` is this build and whose `sbatch` logs its arguments. */
function project(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(root, 'project-'));
  writeFileSync(join(dir, 'tiny.yaml'), config);
  const tools = join(dir, 'tools');
  mkdirSync(tools);
  writeFileSync(join(tools, 'npx'), `#!/bin/bash\n[ "$1" = optlab ] || exit 127\nshift\nexec "${process.execPath}" "${bin}" "$@"\n`);
  writeFileSync(join(tools, 'sbatch'), `#!/bin/bash\necho "$*" >> "${join(dir, 'sbatch.log')}"\necho 4242\n`);
  chmodSync(join(tools, 'npx'), 0o755);
  chmodSync(join(tools, 'sbatch'), 0o755);
  const { JOB_COMPLETION_INDEX: _k8s, SLURM_ARRAY_TASK_ID: _slurm, SLURM_ARRAY_TASK_MIN: _min, ...env } = process.env;
  return { dir, env: { ...env, CI: 'true', PATH: `${tools}:${process.env.PATH}` } };
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync('bash', ['-c', script], { cwd, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('docs/scale templates', () => {
  it('slurm-array.sh submits the array and the merge job, trains each task its shard, and merges them', () => {
    const { dir, env } = project();
    const script = join(docs, 'slurm-array.sh');
    expect(bash(`bash ${script} submit tiny.yaml 3`, dir, env).status).toBe(0);
    expect(readFileSync(join(dir, 'sbatch.log'), 'utf8').trim().split('\n')).toEqual([
      `--parsable --array=0-2 ${script} shard tiny.yaml 3`,
      `--dependency=afterany:4242 --job-name=optlab-merge ${script} merge`,
    ]);
    // Slurm then runs the array tasks (here numbered from 0) and, after them, the merge job.
    for (const task of ['0', '1', '2']) {
      const shard = bash(`bash ${script} shard tiny.yaml 3`, dir, { ...env, SLURM_ARRAY_TASK_ID: task, SLURM_ARRAY_TASK_MIN: '0', SLURM_CPUS_PER_TASK: '1' });
      expect(shard.status, shard.stderr).toBe(0);
      expect(shard.stdout).toContain(`tiny (shard ${Number(task) + 1}/3)`);
    }
    const merge = bash(`bash ${script} merge`, dir, env);
    expect(merge.status, merge.stderr).toBe(0);
    expect(merge.stdout).toContain('merged 3 folders');
    // Header and one row per run.
    expect(readFileSync(join(dir, 'results', 'tiny', 'summary.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('the GitHub Actions workflow goes from the plan matrix through the shard jobs to the merge', () => {
    const workflow = parse(readFileSync(join(docs, 'github-actions.yml'), 'utf8'));
    const runOf = (job: string, pattern: RegExp): string => {
      const steps = workflow.jobs[job].steps as { run?: string }[];
      return steps.map((step) => step.run ?? '').find((run) => pattern.test(run))!;
    };
    expect(workflow.jobs.shard.strategy.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}');
    expect(workflow.jobs.merge.needs).toBe('shard');
    const { dir, env } = project();
    const gha = { ...env, CONFIG: 'tiny.yaml', NAME: 'tiny', SHARDS: '2', GITHUB_OUTPUT: join(dir, 'github-output') };

    expect(bash(runOf('plan', /optlab plan/), dir, gha).status).toBe(0);
    const matrix = JSON.parse(readFileSync(gha.GITHUB_OUTPUT, 'utf8').replace(/^matrix=/, '')) as { include: { shard: string }[] };
    expect(matrix.include.map((entry) => entry.shard)).toEqual(['1/2', '2/2']);
    for (const [index, entry] of matrix.include.entries()) {
      // Each matrix job starts from a fresh checkout; its artifact shard-<job index> holds shard-results/.
      const job = mkdtempSync(join(dir, 'job-'));
      cpSync(join(dir, 'tiny.yaml'), join(job, 'tiny.yaml'));
      const shard = bash(runOf('shard', /optlab run/).replaceAll('${{ matrix.shard }}', entry.shard), job, gha);
      expect(shard.status, shard.stderr).toBe(0);
      cpSync(join(job, 'shard-results'), join(dir, 'shards', `shard-${index}`), { recursive: true });
    }
    const merge = bash(runOf('merge', /optlab merge/), dir, gha);
    expect(merge.status, merge.stderr).toBe(0);
    expect(merge.stdout).toMatch(/merged 2 folders .*: 4 of 4 planned runs/);
  });

  it('the Kubernetes Indexed Job runs N indexed shards of auto/N and merges the experiment they write', () => {
    const [sweep, merge] = parseAllDocuments(readFileSync(join(docs, 'kubernetes-indexed-job.yaml'), 'utf8')).map((doc) => doc.toJSON());
    expect(sweep.spec.completionMode).toBe('Indexed');
    const command = sweep.spec.template.spec.containers[0].command.join(' ');
    const shards = Number(/--shard auto\/(\d+)/.exec(command)![1]);
    expect(sweep.spec.completions).toBe(shards);
    expect(sweep.spec.parallelism).toBe(shards);
    const name = /configs\/([\w-]+)\.yaml/.exec(command)![1];
    // The merge path is the experiment folder: the config's `name:`.
    expect(readFileSync(resolve('configs', `${name}.yaml`), 'utf8')).toMatch(new RegExp(`^name: ${name}$`, 'm'));
    expect(merge.spec.template.spec.containers[0].command.join(' ')).toContain(`merge /results/shards/*/${name} --out /results/${name}`);
  });
});
