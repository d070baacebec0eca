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
  const fd = args[0];
  if (!basename(openPaths.get(fd) ?? '').startsWith(`${hangAt}.`)) return realWrite.call(fs, ...args);
  // Either form of fs.write: (fd, buffer, offset, length, position, cb) or (fd, string, position, encoding, cb).
  const bytes = typeof args[1] === 'string' ? Buffer.from(args[1]) : args[1].subarray(args[2], args[2] + args[3]);
  fs.writeSync(fd, bytes, 0, bytes.length >> 1);
  process.stderr.write('optlab-test: hanging\n');
  // A pending timer keeps the process alive: the write's callback is never called.
  setInterval(() => {}, 60_000);
};
