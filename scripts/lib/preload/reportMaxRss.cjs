// Preload (`node --require reportMaxRss.cjs ...`): at exit, appends the process's peak resident set size in KB
// to the file named by COORD_MAXRSS_FILE. Used by the bench where /usr/bin/time is not available.
'use strict';
const file = process.env.COORD_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('node:fs').appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Best effort: a missing figure shows up as "n/a" in the bench.
    }
  });
}
