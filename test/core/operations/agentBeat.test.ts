import assert from 'node:assert/strict';
import { beatAgentSession } from '../../../src/core/operations/agentBeat';
import { takeClaim } from '../../../src/core/claims/claims';
import type { Claim } from '../../../src/core/records/claim';
import { findSession, recordHeartbeat, startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('beatAgentSession', () => {
  let tree: TempTree;
  let session: string;
  let published: Claim[][];
  const publish = async (renewed: Claim[]) => {
    published.push(renewed);
  };
  beforeEach(() => {
    tree = makeTempTree({ config: { heartbeatIntervalSeconds: 60 } });
    session = startSession(tree.ctx, { name: 'agent' }).id;
    published = [];
  });
  afterEach(() => tree.cleanup());

  it('does not beat within half an interval of the last beat, and has nothing to publish', () => {
    tree.clock.advance(29_000);
    const beat = beatAgentSession(tree.ctx, session, publish);
    assert.deepEqual(beat, { beat: false, renewed: 0 });
    assert.equal(findSession(tree.ctx, session)?.heartbeatAt, new Date(tree.clock.now() - 29_000).toISOString());
  });

  it("beats when due, keeping the last beat's action; with no claims there is nothing to publish", () => {
    recordHeartbeat(tree.ctx, session, { action: 'editing', target: 'src/a.ts' });
    tree.clock.advance(31_000);
    const beat = beatAgentSession(tree.ctx, session, publish);
    assert.deepEqual(beat, { beat: true, renewed: 0 });
    const after = findSession(tree.ctx, session);
    assert.equal(after?.heartbeatAt, new Date(tree.clock.now()).toISOString());
    assert.deepEqual(after?.heartbeat, { action: 'editing', target: 'src/a.ts' });
  });

  it("renews the session's claims, and publishes them only when asked", async () => {
    takeClaim(tree.ctx, session, 'task', 'one');
    tree.clock.advance(31_000);
    const beat = beatAgentSession(tree.ctx, session, publish);
    assert.equal(beat.renewed, 1);
    assert.equal(published.length, 0, 'nothing is published before it is asked for');
    await beat.publish?.();
    assert.deepEqual(
      published.map((claims) => claims.map((c) => `${c.type}/${c.name}`)),
      [['task/one']],
    );
  });
});
