// Temp files of atomic writes: a killed process's are removed on the next run; a live process's, another
// machine's, and files optlab did not name (a user's "summary.csv.1") are left alone.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeLeftoverTempFiles, tempFileWriter, tempPathFor } from '../../src/output/tempFiles.js';
import { tempDir } from '../helpers/tempDirs.js';

/** The pid of a process that has exited: no process has it now (until the system reuses it, long after). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('tempPathFor / tempFileWriter', () => {
  it('names a temp file beside its target for this machine and process, and reads that back', () => {
    const temp = tempPathFor(join('results', 'exp', 'curves.csv'));
    expect(dirname(temp)).toBe(join('results', 'exp'));
    expect(basename(temp)).toMatch(/^curves\.csv\.optlab-tmp-.+-\d+-[0-9a-f]{8}$/);
    expect(tempFileWriter(basename(temp))).toEqual({ host: hostname().replace(/[^A-Za-z0-9.-]/g, '_'), pid: process.pid });
  });

  it('reads a host with dashes and digits, and refuses names optlab did not give', () => {
    expect(tempFileWriter('run.json.optlab-tmp-node-7-b.example.org-4242-0badcafe')).toEqual({ host: 'node-7-b.example.org', pid: 4242 });
    expect(tempFileWriter('summary.csv.1')).toBeNull();
    expect(tempFileWriter('curves.csv.123456789')).toBeNull();
    expect(tempFileWriter('curves.csv.optlab-tmp-host-12-xyz')).toBeNull();
  });
});

describe('removeLeftoverTempFiles', () => {
  it('removes a dead process\'s temp files here and in run folders, and keeps everything else', async () => {
    const dir = tempDir('temps');
    const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
    const dead = deadPid();
    await mkdir(join(dir, 'runs', 'r1'), { recursive: true });
    const outside = tempDir('temps-outside');
    await symlink(outside, join(dir, 'runs', 'linked'));
    const names = {
      deadTop: `curves.csv.optlab-tmp-${host}-${dead}-00000001`,
      deadRun: `curve.csv.optlab-tmp-${host}-${dead}-00000002`,
      alive: `summary.csv.optlab-tmp-${host}-${process.pid}-00000003`,
      otherHost: `plan.json.optlab-tmp-${host}x-${dead}-00000004`,
      backup: 'summary.csv.1',
    };
    for (const name of [names.deadTop, names.alive, names.otherHost, names.backup, 'curves.csv']) await writeFile(join(dir, name), 'x');
    await writeFile(join(dir, 'runs', 'r1', names.deadRun), 'x');
    // A dead process's temp file in a linked folder: outside the experiment folder, so not touched.
    await writeFile(join(outside, names.deadRun), 'x');
    const removed = await removeLeftoverTempFiles(dir);
    expect(removed.sort()).toEqual([join(dir, names.deadTop), join(dir, 'runs', 'r1', names.deadRun)].sort());
    expect((await readdir(dir)).sort()).toEqual(['curves.csv', names.otherHost, names.alive, 'runs', names.backup].sort());
    expect(await readdir(join(dir, 'runs', 'r1'))).toEqual([]);
    expect(await readdir(outside)).toEqual([names.deadRun]);
  });

  it('is a no-op for a folder that does not exist yet', async () => {
    expect(await removeLeftoverTempFiles(join(tmpdir(), 'optlab-no-such-folder', 'exp'))).toEqual([]);
  });
});
