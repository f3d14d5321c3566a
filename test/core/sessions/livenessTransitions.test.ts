import assert from 'node:assert/strict';
import { heartbeat, stopSession } from '../../../src/core/claims/sessionLifecycle';
import { livenessTransitions } from '../../../src/core/sessions/livenessTransitions';
import { listSessions, startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('liveness transitions (controlled clock)', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree({ config: { heartbeatIntervalSeconds: 60, goneAfterSeconds: 900 } })));
  afterEach(() => tree.cleanup());

  it('the first round is a baseline; later rounds name each change: active → stale → gone, and → ended', () => {
    const a = startSession(tree.ctx, { name: 'a' }).id;
    const b = startSession(tree.ctx, { name: 'b' }).id;
    const first = livenessTransitions(undefined, listSessions(tree.ctx));
    assert.deepEqual(first.transitions, []);
    assert.deepEqual(first.states, { [a]: 'active', [b]: 'active' });

    tree.clock.advance(121_000); // past 2 × the interval
    heartbeat(tree.ctx, b, {});
    const second = livenessTransitions(first.states, listSessions(tree.ctx));
    assert.deepEqual(
      second.transitions.map((t) => [t.session, t.from, t.to]),
      [[a, 'active', 'stale']],
    );

    tree.clock.advance(800_000); // a: past the gone threshold
    heartbeat(tree.ctx, b, {});
    const third = livenessTransitions(second.states, listSessions(tree.ctx));
    assert.deepEqual(
      third.transitions.map((t) => [t.session, t.from, t.to]),
      [[a, 'stale', 'gone']],
    );

    const unchanged = livenessTransitions(third.states, listSessions(tree.ctx));
    assert.deepEqual(unchanged.transitions, [], 'a state that stays is not a new event');

    stopSession(tree.ctx, b);
    const fourth = livenessTransitions(unchanged.states, listSessions(tree.ctx));
    assert.deepEqual(
      fourth.transitions.map((t) => [t.session, t.from, t.to]),
      [[b, 'active', 'ended']],
    );
  });

  it('a session that skipped stale between two rounds goes straight from active to gone; a newcomer is no event', () => {
    const a = startSession(tree.ctx, { name: 'a' }).id;
    const first = livenessTransitions(undefined, listSessions(tree.ctx));
    tree.clock.advance(901_000);
    const c = startSession(tree.ctx, { name: 'c' }).id;
    const second = livenessTransitions(first.states, listSessions(tree.ctx));
    assert.deepEqual(
      second.transitions.map((t) => [t.session, t.from, t.to]),
      [[a, 'active', 'gone']],
    );
    assert.equal(second.states[c], 'active');
  });
});
