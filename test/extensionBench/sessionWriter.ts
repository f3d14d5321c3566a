import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The other process of the latency figure: on each request it writes one session file the way coord does
// (a temporary file renamed into place) and reports when the rename returned.
const dir = process.argv[2]!;
process.on('message', ({ id }: { id: string }) => {
  const now = new Date().toISOString();
  const session = {
    object: 'session',
    version: 1,
    id,
    name: id,
    kind: 'agent',
    host: 'bench',
    pid: process.pid,
    startedAt: now,
    heartbeatAt: now,
    beats: 0,
  };
  const temp = join(dir, `.${id}.tmp`);
  writeFileSync(temp, `${JSON.stringify(session, null, 2)}\n`);
  renameSync(temp, join(dir, `${id}.json`));
  process.send!({ id, writtenAt: Date.now() });
});
