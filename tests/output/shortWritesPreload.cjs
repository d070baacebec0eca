// shortWrites.ts for child processes (optlab's CLI, sweep workers), loaded with `node --require`.
// OPTLAB_TEST_WRITE_CAP=N: every write takes at most N bytes and reports how many it took, as write(2) may.
// OPTLAB_TEST_FILLS_AT=NAME: the disk fills up at the first write to the temp file of NAME (e.g. curves.csv): that
// write takes half of what it was given and reports the short count, and every later write fails with ENOSPC, as
// on a real full disk. optlab's atomic writes call fs's callback API.
'use strict';
const fs = require('node:fs');
const { basename } = require('node:path');

const cap = Number(process.env.OPTLAB_TEST_WRITE_CAP ?? Infinity);
const fillsAt = process.env.OPTLAB_TEST_FILLS_AT;
const realOpen = fs.open;
const openPaths = new Map();
let full = false;

fs.open = function open(...args) {
  const callback = args.pop();
  realOpen.call(fs, ...args, (error, fd) => {
    if (error === null) openPaths.set(fd, String(args[0]));
    callback(error, fd);
  });
};

fs.write = function write(fd, buffer, offset, length, position, callback) {
  if (full) {
    const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    process.nextTick(callback, error);
    return;
  }
  let take = Math.min(length, cap);
  if (fillsAt !== undefined && basename(openPaths.get(fd) ?? '').startsWith(`${fillsAt}.`)) {
    full = true;
    take = Math.min(take, length >> 1);
  }
  const written = fs.writeSync(fd, buffer, offset, take, position);
  process.nextTick(callback, null, written, buffer);
};
