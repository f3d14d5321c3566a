import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession } from '../../../src/core/sessions/sessions';
import { TreeWatcher } from '../../../src/core/files/treeWatcher';
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
    watcher = new TreeWatcher(t.ctx.layout.dir, (paths) => {
      batches.push(paths);
      wake?.();
    }, { debounceMs: 30 });
    return {
      batches,
      next: () => new Promise<string[]>((resolve, reject) => {
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
    assert.ok(batch.every((p) => !p.split('/').pop()!.startsWith('.')), `no dot-files: ${JSON.stringify(batch)}`);
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
    const batch = await waiting;
    assert.ok(!batch.some((p) => p.endsWith('noise.log')), JSON.stringify(batch));
    assert.ok(batch.some((p) => p.startsWith(markers)), JSON.stringify(batch));
  });
});
