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

/** A write's arguments as (fd, buffer, offset, length, position, callback), from either form fs.write takes. */
function writeArgs(args) {
  const callback = args.pop();
  if (typeof args[1] !== 'string') return [...args, callback];
  // fs.write(fd, string, position, encoding, callback), as write-file-atomic calls it.
  const bytes = Buffer.from(args[1], args[3] ?? 'utf8');
  return [args[0], bytes, 0, bytes.length, args[2] ?? null, callback];
}

fs.write = function write(...args) {
  const [fd, buffer, offset, length, position, callback] = writeArgs(args);
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
