import assert from 'node:assert/strict';
import { listClaims, takeClaim } from '../../../src/core/claims/claims';
import { idleSessions, matchIdleSessions } from '../../../src/core/work/idleMatching';
import { heartbeat } from '../../../src/core/claims/sessionLifecycle';
import { listSessions, startSession } from '../../../src/core/sessions/sessions';
import { addWork, listWork } from '../../../src/core/work/work';
import { assignWork } from '../../../src/core/work/workAssignment';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('idle matching', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  it('idle = alive, no claim, no action in the last heartbeat (or an idle one)', () => {
    const fresh = startSession(tree.ctx, { name: 'fresh' }).id;
    const busy = startSession(tree.ctx, { name: 'busy' }).id;
    const holding = startSession(tree.ctx, { name: 'holding' }).id;
    const waiting = startSession(tree.ctx, { name: 'waiting' }).id;
    const gone = startSession(tree.ctx, { name: 'gone' }).id;
    tree.clock.advance(16 * 60_000);
    for (const id of [fresh, busy, holding, waiting]) heartbeat(tree.ctx, id, {});
    heartbeat(tree.ctx, busy, { action: 'editing', target: 'a.ts' });
    takeClaim(tree.ctx, holding, 'issue', '1');
    heartbeat(tree.ctx, waiting, { action: 'Waiting' });
    const idle = idleSessions(listSessions(tree.ctx), listClaims(tree.ctx)).map((s) => s.session.id);
    assert.deepEqual(idle.sort(), [fresh, waiting].sort());
    assert.ok(!idle.includes(gone));
  });

  it('offers each idle session its assigned item first, then its role, then the top item — each item once', () => {
    const lead = startSession(tree.ctx, { name: 'lead' }).id;
    heartbeat(tree.ctx, lead, { action: 'planning' });
    const qa = startSession(tree.ctx, { name: 'qa', role: 'qa' }).id;
    const dev = startSession(tree.ctx, { name: 'dev', role: 'backend' }).id;
    const extra = startSession(tree.ctx, { name: 'extra' }).id;
    const spare = startSession(tree.ctx, { name: 'spare' }).id;
    const top = addWork(tree.ctx, 'top', { priority: 90 });
    const forQa = addWork(tree.ctx, 'tests', { priority: 20, role: 'qa' });
    const forDev = addWork(tree.ctx, 'assigned to dev', { priority: 5 });
    assignWork(tree.ctx, lead, forDev.id, dev);
    const matches = matchIdleSessions(listSessions(tree.ctx), listClaims(tree.ctx), listWork(tree.ctx));
    const byId = new Map(matches.map((m) => [m.session, m]));
    assert.equal(byId.get(dev)?.item?.item.id, forDev.id);
    assert.equal(byId.get(dev)?.rank, 0);
    assert.equal(byId.get(qa)?.item?.item.id, forQa.id);
    assert.equal(byId.get(qa)?.rank, 1);
    const general = [byId.get(extra)?.item?.item.id, byId.get(spare)?.item?.item.id];
    assert.deepEqual(
      general.filter((x) => x).sort(),
      [top.id],
      'the one item left goes to one of them, the other gets none',
    );
    assert.ok(!byId.has(lead), 'the lead is busy');
  });
});
