import assert from 'node:assert/strict';
import { beatAgentSession } from '../../../src/core/operations/agentBeat';
import { takeClaim } from '../../../src/core/claims/claims';
import { findSession, startSession } from '../../../src/core/sessions/sessions';
import { recordHeartbeat } from '../../../src/core/sessions/sessions';
import { defaultSyncSettings } from '../../../src/core/sync/syncSettings';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('beatAgentSession', () => {
  let tree: TempTree;
  let session: string;
  let asked: number;
  const settings = () => {
    asked++;
    return defaultSyncSettings;
  };
  beforeEach(() => {
    tree = makeTempTree({ config: { heartbeatIntervalSeconds: 60 } });
    session = startSession(tree.ctx, { name: 'agent' }).id;
    asked = 0;
  });
  afterEach(() => tree.cleanup());

  it('does not beat within half an interval of the last beat, and has nothing to publish', () => {
    tree.clock.advance(29_000);
    const beat = beatAgentSession(tree.ctx, session, settings);
    assert.deepEqual(
      { beat: beat.beat, renewed: beat.renewed, publish: beat.publish },
      { beat: false, renewed: 0, publish: undefined },
    );
    assert.equal(findSession(tree.ctx, session)?.heartbeatAt, new Date(tree.clock.now() - 29_000).toISOString());
  });

  it('beats when due, keeping the last beat\'s action; with no claims there is nothing to publish', () => {
    recordHeartbeat(tree.ctx, session, { action: 'editing', target: 'src/a.ts' });
    tree.clock.advance(31_000);
    const beat = beatAgentSession(tree.ctx, session, settings);
    assert.equal(beat.beat, true);
    assert.equal(beat.publish, undefined);
    const after = findSession(tree.ctx, session);
    assert.equal(after?.heartbeatAt, new Date(tree.clock.now()).toISOString());
    assert.deepEqual(after?.heartbeat, { action: 'editing', target: 'src/a.ts' });
    assert.equal(asked, 0, 'the sync settings are not worked out for a beat with nothing to publish');
  });

  it('renews the session\'s claims and offers to publish them; publishing never fails (no git here)', async () => {
    takeClaim(tree.ctx, session, 'task', 'one');
    tree.clock.advance(31_000);
    const beat = beatAgentSession(tree.ctx, session, settings);
    assert.equal(beat.renewed, 1);
    assert.ok(beat.publish);
    await beat.publish();
    assert.equal(asked, 1);
  });
});
