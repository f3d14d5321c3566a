import { spawnSync } from 'node:child_process';

/** Node code that writes argv[2] to argv[1] as the tree's writers do: a dot-named temporary file renamed into place. */
const renameInto = [
  "const fs = require('fs'), p = require('path'), f = process.argv[1];",
  'fs.mkdirSync(p.dirname(f), { recursive: true });',
  "const tmp = p.join(p.dirname(f), '.' + p.basename(f) + '.tmp');",
  'fs.writeFileSync(tmp, process.argv[2]);',
  'fs.renameSync(tmp, f);',
].join('\n');

/**
 * Writes `text` to `file` from a separate process (a sync in a terminal, another window), so that only a file
 * watcher can tell this one. Works inside VS Code's extension host too, whose executable runs as Node on request.
 */
export function writeFromAnotherProcess(file: string, text: string): void {
  const r = spawnSync(process.execPath, ['-e', renameInto, file, text], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`the writer of ${file} exited ${r.status}: ${r.stderr}`);
}
