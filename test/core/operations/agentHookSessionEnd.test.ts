import assert from 'node:assert/strict';
import { endHookSession } from '../../../src/core/operations/agentHookSessionEnd';
import { registerHookSession } from '../../../src/core/operations/agentHookSessionStart';
import { linkSession } from '../../../src/core/agents/agentSessions';
import { claimsHeldBy, takeClaim } from '../../../src/core/claims/claims';
import { findSession, startSession } from '../../../src/core/sessions/sessions';
import { defaultSyncSettings } from '../../../src/core/sync/syncSettings';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('endHookSession', () => {
  let tree: TempTree;
  const agentSession = 'c0ffee00-1111-4222-8333-444455556666';
  const settings = () => defaultSyncSettings;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  it('stops the session the hook registered; with no claims released there is nothing to publish', () => {
    const { session } = registerHookSession(tree.ctx, agentSession, { kind: 'gemini', command: undefined });
    const ended = endHookSession(tree.ctx, agentSession, settings);
    assert.deepEqual(ended, { ended: session });
    assert.ok(findSession(tree.ctx, session)?.endedAt);
  });

  it('releases its claims and offers to delete their refs on the remote (never failing without git)', async () => {
    const { session } = registerHookSession(tree.ctx, agentSession, { kind: 'gemini', command: undefined });
    takeClaim(tree.ctx, session, 'task', 'one');
    const ended = endHookSession(tree.ctx, agentSession, settings);
    assert.equal(ended.ended, session);
    assert.deepEqual(claimsHeldBy(tree.ctx, session), []);
    assert.ok(ended.publish);
    await ended.publish();
  });

  it('leaves alone a session the person gave (linked, not registered) and an agent session never linked', () => {
    const person = startSession(tree.ctx, { name: 'person' }).id;
    linkSession(tree.ctx, agentSession, { session: person, registered: false });
    assert.deepEqual(endHookSession(tree.ctx, agentSession, settings), {});
    assert.equal(findSession(tree.ctx, person)?.endedAt, undefined);
    assert.deepEqual(endHookSession(tree.ctx, 'never-linked', settings), {});
  });
});
