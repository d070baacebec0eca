// diskFull.ts for child processes (optlab's CLI, sweep workers), loaded with `node --require`: the disk "fills up" at the
// Nth curve.csv written (OPTLAB_TEST_DISK_FULL_AT=N) and stays full: that write puts half its data down, then it
// and every later write fail with ENOSPC, as on a real full disk. optlab's atomic writes call fs's callback API.
'use strict';
const fs = require('node:fs');
const { basename } = require('node:path');

const failAt = Number(process.env.OPTLAB_TEST_DISK_FULL_AT);
const realOpen = fs.open;
const realWrite = fs.write;
const openPaths = new Map();
let curveWrites = 0;
let full = false;

fs.open = function open(...args) {
  const callback = args.pop();
  realOpen.call(fs, ...args, (error, fd) => {
    if (error === null) openPaths.set(fd, String(args[0]));
    callback(error, fd);
  });
};

fs.write = function write(...args) {
  const callback = args.pop();
  const path = openPaths.get(args[0]) ?? '';
  if (basename(path).startsWith('curve.csv.') && ++curveWrites === failAt) full = true;
  if (!full) return realWrite.call(fs, ...args, callback);
  // write(fd, buffer, offset, length, position): half the data reaches the file first.
  const [fd, buffer, offset, length, position] = args;
  fs.writeSync(fd, buffer, offset, length >> 1, position);
  const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  process.nextTick(callback, error);
};
