// Preload (`node --require brokenExclusiveCreate.cjs dist/cli.js ...`): a deliberately broken claim, to show that
// the claim checker (scripts/lib/claimChecker.mjs) catches one. With COORD_BROKEN_CREATE=1 the exclusive create of a
// claim record file (the hard link `link(temp, claims/<type>/<name>.json)`, which fails with EEXIST when the name
// exists) becomes check-then-write: look whether the file exists, sleep COORD_BROKEN_CREATE_DELAY_MS (default 60),
// then write over whatever is there (a rename of a copy, so readers still never see a torn file). Two racers that
// both look before either writes both "win". Lock files and every other file keep the real link.
'use strict';
const fs = require('node:fs');
const { basename, dirname, join } = require('node:path');

if (process.env.COORD_BROKEN_CREATE === '1') {
  const delayMs = Number(process.env.COORD_BROKEN_CREATE_DELAY_MS ?? 60);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const original = fs.linkSync;
  // claims/<type>/<name>.json, not a dot-file (temporary and lock files start with ".").
  const isClaimRecord = (path) => /[\\/]claims[\\/][^\\/]+[\\/][^.\\/][^\\/]*\.json$/.test(String(path));
  fs.linkSync = function linkSync(existing, target) {
    if (!isClaimRecord(target)) return original.apply(this, arguments);
    if (fs.existsSync(target)) {
      const error = new Error(`EEXIST: file already exists, link '${existing}' -> '${target}'`);
      error.code = 'EEXIST';
      error.errno = -17;
      error.syscall = 'link';
      throw error;
    }
    Atomics.wait(sleeper, 0, 0, delayMs);
    const copy = join(dirname(String(target)), `.${basename(String(target))}.${process.pid}.broken.tmp`);
    fs.copyFileSync(existing, copy);
    fs.renameSync(copy, target);
    return undefined;
  };
}
