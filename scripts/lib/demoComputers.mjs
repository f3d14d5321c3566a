// What a sync round with a remote leaves in `.local/sync/` (src/core/sync/computersFile.ts), for the screenshot
// and UI runs: a few computers whose news arrived some time ago by this computer's clock.
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** `others`: [writer id, host, ms since its news arrived]; this computer's own news is 70 s old. */
export function writeDemoComputers(treeDir, others) {
  const at = (ms) => new Date(Date.now() - ms).toISOString();
  const writer = ([id, host, msAgo]) => ({ writer: id, host, tip: '0'.repeat(40), newsAt: at(msAgo) });
  const dir = join(treeDir, '.local', 'sync');
  mkdirSync(dir, { recursive: true });
  const me = hostname();
  const computers = { version: 1, remote: 'origin', self: { writer: `${me}.k3x9`, host: me }, writers: [[`${me}.k3x9`, me, 70_000], ...others].map(writer) };
  const round = { outcome: 'synced', finishedAt: at(70_000), ahead: 0, behind: 2, durationMs: 840, problems: 0 };
  writeFileSync(join(dir, 'computers.json'), `${JSON.stringify(computers, null, 2)}\n`);
  writeFileSync(join(dir, 'last-round.json'), `${JSON.stringify(round, null, 2)}\n`);
}
