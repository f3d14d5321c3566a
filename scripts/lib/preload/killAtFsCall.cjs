// Preload (`node --require killAtFsCall.cjs dist/cli.js ...`): the process sends itself SIGKILL just before its
// N-th file-system write operation (N from COORD_KILL_AT), so crash tests land inside the write paths
// (between create, write, flush, rename, link, unlink) instead of only before or after them.
'use strict';
const fs = require('node:fs');
const killAt = Number(process.env.COORD_KILL_AT);
if (Number.isInteger(killAt) && killAt > 0) {
  let calls = 0;
  const names = ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'linkSync', 'unlinkSync', 'mkdirSync', 'writeFileSync', 'rmSync'];
  for (const name of names) {
    const original = fs[name];
    if (typeof original !== 'function') continue;
    fs[name] = function (...args) {
      calls++;
      if (calls >= killAt) process.kill(process.pid, 'SIGKILL');
      return original.apply(this, args);
    };
  }
}
