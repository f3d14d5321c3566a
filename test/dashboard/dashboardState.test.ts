import * as assert from 'node:assert/strict';
import { releaseClaim, takeClaim } from '../../src/core/claims/claims';
import { TreeCache } from '../../src/core/views/treeCache';
import { sendMessage } from '../../src/core/messages/messages';
import { startSession } from '../../src/core/sessions/sessions';
import { DashboardState, type DashboardInputs } from '../../src/dashboard/dashboardState';
import type { DashboardContext, HostMessage } from '../../src/dashboard/protocol';
import { makeTempTree, type TempTree } from '../helpers/tempTree';
import { claimRefStateFile, writeClaimRefState } from '../../src/core/sync/claimRefState';

type Snapshot = Extract<HostMessage, { type: 'snapshot' }>;
type Delta = Extract<HostMessage, { type: 'delta' }>;

describe('DashboardState', () => {
  let t: TempTree;
  let cache: TreeCache;
  let me: string;
  const context = (rootPath: string): DashboardContext => ({
    roots: [{ path: rootPath, label: 'repo', hasTree: true }],
    rootPath,
    rootLabel: 'repo',
    hasTree: true,
    heartbeatIntervalSeconds: 60,
    goneAfterSeconds: 900,
    expiringSoonSeconds: 300,
    problems: 0,
  });
  /** What the panel reads at one moment, from the real tree. */
  const inputs = (over: Partial<DashboardInputs> = {}): DashboardInputs => ({
    snapshot: cache.snapshot(),
    config: t.ctx.config,
    context: context(t.root),
    health: undefined,
    sync: undefined,
    computers: [],
    ...over,
  });
  /** A tree change as the watcher reports it: the cache re-reads the paths, the state logs what they were. */
  const changed = (state: DashboardState, ...paths: string[]) =>
    state.recordChanges(t.root, cache.applyChanges(paths), t.clock.now());

  beforeEach(() => {
    t = makeTempTree();
    me = startSession(t.ctx, { name: 'me' }).id;
    cache = new TreeCache(t.ctx, me);
    cache.loadAll();
  });
  afterEach(() => t.cleanup());

  it('sends no delta before a snapshot, then a snapshot of everything with the log begun from the records', () => {
    const state = new DashboardState();
    assert.equal(state.deltaMessage(inputs(), t.clock.now()), undefined);
    const snap = state.snapshotMessage(inputs(), t.clock.now()) as Snapshot;
    assert.equal(snap.type, 'snapshot');
    assert.equal(snap.revision, 1);
    assert.deepEqual(
      snap.sessions.map((s) => s.name),
      ['me'],
    );
    assert.deepEqual(
      snap.activity.map((a) => a.kind),
      ['joined'],
    );
    assert.equal(state.mirror().revision, 1);
  });

  it('sends nothing when nothing changed, and only what changed when something did, one revision on', () => {
    const state = new DashboardState();
    state.snapshotMessage(inputs(), t.clock.now());
    assert.equal(state.deltaMessage(inputs(), t.clock.now()), undefined);
    takeClaim(t.ctx, me, 'issue', '7');
    changed(state, t.ctx.layout.claimFile('issue', '7'));
    const delta = state.deltaMessage(inputs(), t.clock.now()) as Delta;
    assert.equal(delta.type, 'delta');
    assert.equal(delta.revision, 2);
    assert.equal(delta.sessions, undefined, 'the session did not change');
    assert.deepEqual(
      delta.claims?.upsert.map((c) => c.key),
      ['issue/7'],
    );
    assert.deepEqual(
      delta.activity?.map((a) => a.kind),
      ['claimed'],
    );
    // Sent once: the next delta has neither the claim nor its event.
    assert.equal(state.deltaMessage(inputs(), t.clock.now()), undefined);
    releaseClaim(t.ctx, me, 'issue', '7');
    changed(state, t.ctx.layout.claimFile('issue', '7'));
    const removal = state.deltaMessage(inputs(), t.clock.now()) as Delta;
    assert.deepEqual(removal.claims?.remove, ['issue/7']);
    assert.deepEqual(
      state.mirror().activity.map((a) => a.kind),
      ['released', 'claimed', 'joined'],
    );
  });

  it("sends a claim's confirmation as the snapshot carries it: pending with its reason, then confirmed", () => {
    const state = new DashboardState();
    const taken = takeClaim(t.ctx, me, 'issue', '8').claim;
    changed(state, t.ctx.layout.claimFile('issue', '8'));
    const first = state.snapshotMessage(inputs(), t.clock.now()) as Snapshot;
    assert.equal(first.claims.find((c) => c.key === 'issue/8')?.confirmation, undefined, 'never synced: simply local');
    writeClaimRefState(t.ctx.layout, 'issue', '8', { pendingReason: 'offline' });
    // Not told yet: the rows come from the snapshot, never from the state file.
    assert.equal(state.deltaMessage(inputs(), t.clock.now()), undefined);
    changed(state, claimRefStateFile(t.ctx.layout, 'issue', '8'));
    const pending = (state.deltaMessage(inputs(), t.clock.now()) as Delta).claims?.upsert[0];
    assert.deepEqual([pending?.key, pending?.confirmation, pending?.pendingReason], ['issue/8', 'pending', 'offline']);
    const lease = { holder: me, acquiredAt: taken.acquiredAt };
    writeClaimRefState(t.ctx.layout, 'issue', '8', { ref: 'a', refSeenAt: 1, lease });
    changed(state, claimRefStateFile(t.ctx.layout, 'issue', '8'));
    const confirmed = (state.deltaMessage(inputs(), t.clock.now()) as Delta).claims?.upsert[0];
    assert.deepEqual([confirmed?.confirmation, confirmed?.pendingReason], ['confirmed', undefined]);
    assert.equal(state.mirror().rows.claims.get('issue/8')?.confirmation, 'confirmed');
  });

  it('logs what the clock alone changes, even while nothing is shown, and sends it with the next delta', () => {
    const state = new DashboardState();
    state.snapshotMessage(inputs(), t.clock.now());
    t.clock.advance(3 * 60_000);
    // Observed while the page is hidden: no message is made, but the event is kept.
    state.observe(cache.snapshot(), t.ctx.config);
    const delta = state.deltaMessage(inputs(), t.clock.now()) as Delta;
    assert.deepEqual(
      delta.activity?.map((a) => a.kind),
      ['stale'],
    );
    assert.equal(delta.sessions?.upsert[0]?.state, 'stale');
  });

  it('starts the log afresh for another root and ignores changes of a root it does not show', () => {
    const state = new DashboardState();
    state.snapshotMessage(inputs(), t.clock.now());
    const other = makeTempTree();
    try {
      const otherCache = new TreeCache(other.ctx);
      otherCache.loadAll();
      state.recordChanges(other.root, [{ kind: 'message', id: 'x' }], other.clock.now());
      assert.equal(state.deltaMessage(inputs(), t.clock.now()), undefined, 'another root’s change is not this log’s');
      const snap = state.snapshotMessage(
        inputs({ snapshot: otherCache.snapshot(), context: context(other.root) }),
        other.clock.now(),
      ) as Snapshot;
      assert.deepEqual(snap.activity, [], 'an empty tree has no history');
      assert.equal(state.loggedRoot, other.root);
    } finally {
      other.cleanup();
    }
  });

  it('keeps a section the host cannot read now as the page has it, and sends one that changed', () => {
    const state = new DashboardState();
    const health = { checks: [], lastRunAt: 1 } as unknown as DashboardInputs['health'];
    state.snapshotMessage(inputs({ health }), t.clock.now());
    assert.equal(state.deltaMessage(inputs({ health: undefined }), t.clock.now()), undefined);
    assert.deepEqual(state.mirror().health, health);
    const later = { checks: [], lastRunAt: 2 } as unknown as DashboardInputs['health'];
    const delta = state.deltaMessage(inputs({ health: later }), t.clock.now()) as Delta;
    assert.deepEqual(delta.health, later);
  });

  it('sends a message sent to this session as a message row and an event', () => {
    const state = new DashboardState();
    state.snapshotMessage(inputs(), t.clock.now());
    const other = startSession(t.ctx, { name: 'other' }).id;
    const message = sendMessage(t.ctx, other, me, 'hello', 'body');
    changed(state, t.ctx.layout.sessionFile(other), t.ctx.layout.messageFile(me, message.id));
    const delta = state.deltaMessage(inputs(), t.clock.now()) as Delta;
    assert.deepEqual(
      delta.messages?.upsert.map((m) => m.subject),
      ['hello'],
    );
    assert.deepEqual(
      delta.sessions?.upsert.map((s) => s.name),
      ['other'],
    );
    assert.deepEqual(delta.activity?.map((a) => a.kind).sort(), ['joined', 'messageSent']);
  });
});
