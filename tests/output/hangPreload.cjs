// For child processes, loaded with `node --require`: the first write to the temp file of OPTLAB_TEST_HANG_AT
// (e.g. curves.csv) puts half its data down and never returns; the process prints "optlab-test: hanging" to
// stderr and waits there, so that a test can kill -9 it in the middle of that write.
'use strict';
const fs = require('node:fs');
const { basename } = require('node:path');

const hangAt = process.env.OPTLAB_TEST_HANG_AT;
const realOpen = fs.open;
const realWrite = fs.write;
const openPaths = new Map();

fs.open = function open(...args) {
  const callback = args.pop();
  realOpen.call(fs, ...args, (error, fd) => {
    if (error === null) openPaths.set(fd, String(args[0]));
    callback(error, fd);
  });
};

fs.write = function write(...args) {
  const [fd, buffer, offset, length, position] = args;
  if (!basename(openPaths.get(fd) ?? '').startsWith(`${hangAt}.`)) return realWrite.call(fs, ...args);
  fs.writeSync(fd, buffer, offset, length >> 1, position);
  process.stderr.write('optlab-test: hanging\n');
  // A pending timer keeps the process alive: the write's callback is never called.
  setInterval(() => {}, 60_000);
};
