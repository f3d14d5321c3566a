import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import type { TreeEntries } from '../../../src/core/sync/gitRepository';
import { blobsToCompare, mergeTrees, type IncomingChange } from '../../../src/core/sync/syncTreeMerge';
import { tombstonePrefix } from '../../../src/core/sync/syncPaths';

/**
 * The merge of one tree ref per computer, as pure functions over trees, with blob ids standing for contents.
 * The randomized part runs computers that write, delete and sync in any interleaving, each merging only what
 * the others changed since it last merged them (as a round does), and checks after a final exchange that every
 * computer holds the same tree, every record at its newest written version, and nothing deleted brought back.
 * A failure prints fast-check's seed and path; COORD_MERGE_SEED=<seed> COORD_MERGE_PATH=<path> replays it.
 */
const blobs = new Map<string, string>();
function blob(text: string): string {
  const oid = createHash('sha1').update(text).digest('hex');
  blobs.set(oid, text);
  return oid;
}
const text = (oid: string) => blobs.get(oid);

const at = (n: number) => new Date(Date.UTC(2026, 11, 4, 12, 0, n)).toISOString();
const session = (id: string, beats: number) =>
  blob(
    JSON.stringify({
      object: 'session',
      version: 1,
      id,
      name: id,
      kind: 'agent',
      host: 'h',
      pid: 1,
      startedAt: at(0),
      heartbeatAt: at(beats),
      beats,
    }),
  );
const work = (id: string, n: number, status: 'open' | 'done' = 'open') =>
  blob(
    JSON.stringify({
      object: 'work',
      version: 1,
      id,
      title: `t${n}`,
      priority: 50,
      status,
      dependsOn: [],
      createdAt: at(0),
      updatedAt: at(n),
    }),
  );

function changes(source: string, from: TreeEntries, to: TreeEntries): IncomingChange[] {
  const out: IncomingChange[] = [];
  for (const path of new Set([...from.keys(), ...to.keys()])) {
    const a = from.get(path);
    const b = to.get(path);
    if (a !== b) out.push({ source, path, ...(a ? { from: a } : {}), ...(b ? { to: b } : {}) });
  }
  return out;
}

interface Computer {
  name: string;
  local: TreeEntries;
  published: TreeEntries;
  seen: Map<string, TreeEntries>;
  /** What a round in flight fetched: others publish meanwhile, and it merges this older look. */
  fetched?: Map<string, TreeEntries>;
}

/** One round of `computer` against the published trees of all: merge, write back, publish. */
function round(computer: Computer, all: Computer[]): void {
  const look = computer.fetched ?? new Map(all.map((c) => [c.name, c.published]));
  computer.fetched = undefined;
  const others = all.filter((c) => c !== computer);
  const incoming = others.flatMap((c) =>
    changes(c.name, computer.seen.get(c.name) ?? new Map(), look.get(c.name) ?? new Map()),
  );
  const input = { ours: computer.local, published: computer.published, held: new Set<string>(), incoming };
  for (const oid of blobsToCompare(input)) assert.ok(blobs.has(oid), 'asks only for blobs that exist');
  const merged = mergeTrees(input, text);
  computer.local = new Map(merged.files);
  const published = new Map(merged.files);
  for (const [path, oid] of merged.tombstones) published.set(`${tombstonePrefix}${path}`, oid);
  computer.published = published;
  for (const c of others) computer.seen.set(c.name, look.get(c.name) ?? new Map());
}

describe('mergeTrees: one tree per computer', () => {
  it('a computer whose tree is empty, older or unrelated deletes nothing', () => {
    const s = session('s-1', 3);
    const w = work('w-1', 5);
    const ours: TreeEntries = new Map([
      ['sessions/s-1.json', s],
      ['work/w-1.json', w],
      ['protocol.json', blob('{}')],
    ]);
    const published = new Map(ours);
    const empty = mergeTrees({ ours, published, held: new Set(), incoming: [] }, text);
    assert.deepEqual(empty.files, ours);
    // An older tree: its versions arrive as changes, and lose to the newer ones here.
    const older = [
      { source: 'x', path: 'sessions/s-1.json', to: session('s-1', 1) },
      { source: 'x', path: 'work/w-1.json', to: work('w-1', 2) },
    ];
    const merged = mergeTrees({ ours, published, held: new Set(), incoming: older }, text);
    assert.deepEqual(merged.files, ours);
    // A tree that lost every file (a branch rewritten, a remote emptied): a lack is not a deletion.
    const lost = [...ours].map(([path, oid]) => ({ source: 'x', path, from: oid }));
    assert.deepEqual(mergeTrees({ ours, published, held: new Set(), incoming: lost }, text).files, ours);
  });

  it('a file removed here becomes a deletion record, which removes it elsewhere but not a newer version', () => {
    const v1 = work('w-1', 1);
    const here = mergeTrees(
      { ours: new Map(), published: new Map([['work/w-1.json', v1]]), held: new Set(), incoming: [] },
      text,
    );
    assert.equal(here.tombstones.get('work/w-1.json'), v1);
    const there = mergeTrees(
      {
        ours: new Map([['work/w-1.json', v1]]),
        published: new Map([['work/w-1.json', v1]]),
        held: new Set(),
        incoming: [{ source: 'a', path: `${tombstonePrefix}work/w-1.json`, to: v1 }],
      },
      text,
    );
    assert.equal(there.files.has('work/w-1.json'), false);
    const v2 = work('w-1', 2);
    const newer = mergeTrees(
      {
        ours: new Map([['work/w-1.json', v2]]),
        published: new Map(),
        held: new Set(),
        incoming: [{ source: 'a', path: `${tombstonePrefix}work/w-1.json`, to: v1 }],
      },
      text,
    );
    assert.equal(newer.files.get('work/w-1.json'), v2, 'an update made after the version deleted stands');
  });

  it('a held local file keeps its published version and defers the writer that changed it', () => {
    const v1 = work('w-1', 1);
    const merged = mergeTrees(
      {
        ours: new Map([['work/w-1.json', blob('{bad')]]),
        published: new Map([['work/w-1.json', v1]]),
        held: new Set(['work/w-1.json']),
        incoming: [{ source: 'b', path: 'work/w-1.json', from: v1, to: work('w-1', 2) }],
      },
      text,
    );
    assert.equal(merged.files.get('work/w-1.json'), v1);
    assert.deepEqual([...merged.deferred], ['b']);
  });

  it('converges with no record lost or brought back, whatever the interleaving', () => {
    const names = ['c0', 'c1', 'c2', 'c3'];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('session' as const), who: fc.nat(3) }),
      fc.record({ kind: fc.constant('work' as const), who: fc.nat(3), item: fc.nat(2), done: fc.boolean() }),
      fc.record({ kind: fc.constant('other' as const), who: fc.nat(3), file: fc.nat(1) }),
      fc.record({ kind: fc.constant('delete' as const), who: fc.nat(3), item: fc.nat(2) }),
      fc.record({ kind: fc.constant('sync' as const), who: fc.nat(3) }),
      fc.record({ kind: fc.constant('fetch' as const), who: fc.nat(3) }),
    );
    const seed = process.env.COORD_MERGE_SEED ? Number(process.env.COORD_MERGE_SEED) : undefined;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const all: Computer[] = names.map((name) => ({
          name,
          local: new Map(),
          published: new Map(),
          seen: new Map(),
        }));
        let clock = 1;
        const beats = names.map(() => 0);
        // The newest version written of each work item, and whether the last thing done to it was a deletion.
        const newestWork = new Map<string, { oid: string; n: number; deleted: boolean }>();
        for (const o of ops) {
          const c = all[o.who] as Computer;
          if (o.kind === 'session') c.local.set(`sessions/${c.name}.json`, session(c.name, ++beats[o.who]!));
          else if (o.kind === 'work') {
            const n = ++clock;
            const oid = work(`w-${o.item}`, n, o.done ? 'done' : 'open');
            c.local.set(`work/w-${o.item}.json`, oid);
            newestWork.set(`work/w-${o.item}.json`, { oid, n, deleted: false });
          } else if (o.kind === 'other') c.local.set(`milestones/m${o.file}.md`, blob(`${c.name} ${++clock}`));
          else if (o.kind === 'delete') {
            const path = `work/w-${o.item}.json`;
            const held = c.local.get(path);
            // Deleting the newest version there is (nothing newer written anywhere since), once this computer has
            // published it: a file removed before it was ever published leaves no record, as nobody else saw it.
            if (held && newestWork.get(path)?.oid === held && c.published.get(path) === held) {
              c.local.delete(path);
              newestWork.set(path, { oid: held, n: newestWork.get(path)!.n, deleted: true });
            }
          } else if (o.kind === 'fetch') c.fetched = new Map(all.map((x) => [x.name, x.published]));
          else round(c, all);
        }
        for (let pass = 0; pass < 3; pass++) for (const c of all) round(c, all);
        const first = all[0] as Computer;
        for (const c of all) assert.deepEqual(c.local, first.local, `${c.name} and ${first.name} differ`);
        for (const [path, newest] of newestWork) {
          if (newest.deleted) assert.equal(first.local.has(path), false, `${path} was deleted and came back`);
          else assert.equal(first.local.get(path), newest.oid, `${path} is not at its newest version`);
        }
        names.forEach((name, i) => {
          if (beats[i])
            assert.equal(
              first.local.get(`sessions/${name}.json`),
              session(name, beats[i] as number),
              `session ${name} is not at its newest beat`,
            );
        });
      }),
      { numRuns: 300, ...(seed !== undefined ? { seed, path: process.env.COORD_MERGE_PATH } : {}) },
    );
  });
});
