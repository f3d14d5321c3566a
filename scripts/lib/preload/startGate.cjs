// Preload (`node --require startGate.cjs dist/cli.js ...`): a start barrier for racing processes. Each process
// announces itself with an empty file named after its pid in COORD_GATE_DIR and waits until COORD_GATE_COUNT
// processes have arrived (or until COORD_GATE_DEADLINE, ms since the epoch, passes), so processes spawned one
// after another — seconds apart on a loaded machine — do their work at the same moment and really race.
// With COORD_GATE_POINT=write the barrier is at the process's first file-system write instead of at startup:
// every racer has loaded, parsed its arguments and read the tree, and all of them enter the write path (create,
// link, rename) together. The CLI's own logic is unchanged; it is only held back.
'use strict';
const fs = require('node:fs');
const { join } = require('node:path');

const dir = process.env.COORD_GATE_DIR;
const count = Number(process.env.COORD_GATE_COUNT);
const deadline = Number(process.env.COORD_GATE_DEADLINE) || Date.now() + 60_000;
const original = { readdirSync: fs.readdirSync, writeFileSync: fs.writeFileSync };
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function hold() {
  try {
    original.writeFileSync(join(dir, String(process.pid)), '');
    while (Date.now() < deadline && original.readdirSync(dir).length < count) Atomics.wait(sleeper, 0, 0, 2);
  } catch {
    // The barrier folder is gone (the runner gave up): just go on.
  }
}

if (dir && count > 0) {
  if (process.env.COORD_GATE_POINT === 'write') {
    let held = false;
    for (const name of ['mkdirSync', 'writeFileSync', 'renameSync', 'linkSync', 'unlinkSync', 'openSync']) {
      const wrapped = fs[name];
      fs[name] = function (...args) {
        const flags = name === 'openSync' ? String(args[1] ?? 'r') : 'w';
        if (!held && flags !== 'r') {
          held = true;
          hold();
        }
        return wrapped.apply(this, args);
      };
    }
  } else {
    hold();
  }
}
