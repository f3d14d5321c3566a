import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession } from '../../../src/core/sessions/sessions';
import { claimRefStateFile, writeClaimRefState } from '../../../src/core/sync/claimRefState';
import { TreeWatcher } from '../../../src/core/store/treeWatcher';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('TreeWatcher', () => {
  let t: TempTree;
  let watcher: TreeWatcher | undefined;
  beforeEach(() => (t = makeTempTree()));
  afterEach(async () => {
    await watcher?.dispose();
    t.cleanup();
  });

  function collect(): { batches: string[][]; next(): Promise<string[]> } {
    const batches: string[][] = [];
    let wake: (() => void) | undefined;
    watcher = new TreeWatcher(
      t.ctx.layout.dir,
      (paths) => {
        batches.push(paths);
        wake?.();
      },
      { debounceMs: 30 },
    );
    return {
      batches,
      next: () =>
        new Promise<string[]>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no batch within 5 s')), 5000);
          wake = () => {
            clearTimeout(timer);
            resolve(batches[batches.length - 1] ?? []);
          };
        }),
    };
  }

  it('reports a record written by an atomic rename, and not its temporary file', async () => {
    const c = collect();
    await watcher!.start();
    const waiting = c.next();
    const id = startSession(t.ctx, { name: 'watched' }).id;
    const batch = await waiting;
    assert.ok(batch.includes(t.ctx.layout.sessionFile(id)), JSON.stringify(batch));
    assert.ok(
      batch.every((p) => !p.split('/').pop()!.startsWith('.')),
      `no dot-files: ${JSON.stringify(batch)}`,
    );
  });

  it('debounces a burst of writes into one batch', async () => {
    const c = collect();
    await watcher!.start();
    const waiting = c.next();
    for (let i = 0; i < 5; i++) startSession(t.ctx, { name: `s${i}` });
    const batch = await waiting;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(c.batches.length, 1, `batches: ${JSON.stringify(c.batches)}`);
    assert.equal(batch.filter((p) => p.endsWith('.json')).length, 5);
  });

  it('ignores .local except the read markers', async () => {
    const c = collect();
    await watcher!.start();
    const waiting = c.next();
    writeFileSync(join(t.ctx.layout.localDir, 'noise.log'), 'x');
    const markers = t.ctx.layout.readMarkersDir('someone');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(markers, { recursive: true });
    writeFileSync(join(markers, '01m8000000000000000000000a'), '');
    await waiting;
    // A file in a folder just created may come in a later batch than the folder: chokidar watches the new folder,
    // then lists it, and on a loaded machine that takes longer than the debounce (seen once under the stress run).
    for (
      const deadline = Date.now() + 5000;
      !c.batches.flat().some((p) => p.startsWith(markers)) && Date.now() < deadline;
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const all = c.batches.flat();
    assert.ok(
      all.some((p) => p.startsWith(markers)),
      JSON.stringify(c.batches),
    );
    assert.ok(!all.some((p) => p.endsWith('noise.log')), JSON.stringify(c.batches));
  });

  it("reports the sync round's computers file, last round and lock, not the round's index", async () => {
    const { mkdirSync } = await import('node:fs');
    const sync = join(t.ctx.layout.localDir, 'sync');
    const locks = join(t.ctx.layout.localDir, 'locks');
    mkdirSync(sync, { recursive: true });
    mkdirSync(locks, { recursive: true });
    const c = collect();
    await watcher!.start();
    const waiting = c.next();
    writeFileSync(join(sync, 'index'), 'x');
    writeFileSync(join(locks, 'health-loop.lock.json'), '{}');
    const watched = [join(sync, 'computers.json'), join(sync, 'last-round.json'), join(locks, 'sync.lock.json')];
    for (const f of watched) writeFileSync(f, '{}');
    await waiting;
    // A slow machine may split the writes into two batches: wait for all three, then look at everything reported.
    const seen = () => new Set(c.batches.flat().map((p) => p.slice(t.ctx.layout.localDir.length + 1)));
    for (let i = 0; i < 100 && seen().size < 3; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual([...seen()].sort(), ['locks/sync.lock.json', 'sync/computers.json', 'sync/last-round.json']);
  });

  it("reports a claim's confirmation state written by an atomic rename, and not its temporary file", async () => {
    const c = collect();
    await watcher!.start();
    const waiting = c.next();
    writeClaimRefState(t.ctx.layout, 'issue', '7', { pendingReason: 'offline' });
    await waiting;
    const file = claimRefStateFile(t.ctx.layout, 'issue', '7');
    for (let i = 0; i < 100 && !c.batches.flat().includes(file); i++) await new Promise((r) => setTimeout(r, 20));
    const seen = c.batches.flat();
    assert.ok(seen.includes(file), JSON.stringify(seen));
    assert.ok(
      seen.every((p) => !p.split('/').pop()!.startsWith('.')),
      `no dot-files: ${JSON.stringify(seen)}`,
    );
  });
});
