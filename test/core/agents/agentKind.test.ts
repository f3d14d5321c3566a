import assert from 'node:assert/strict';
import { agentSessionName, detectAgentKind, isAgentKind } from '../../../src/core/agents/agentKind';

describe('agentKind', () => {
  const id = 'e0842c56-a5a3-410f-ba14-b8fb8f933a81';

  it("tells an agent by its own session id in the hook's environment, never by one inherited", () => {
    assert.equal(
      detectAgentKind({ sessionId: id }, { GEMINI_SESSION_ID: id, CLAUDE_CODE_SESSION_ID: 'other' }),
      'gemini',
    );
    assert.equal(detectAgentKind({ sessionId: id }, { CLAUDE_CODE_SESSION_ID: id }), 'claude');
    assert.equal(
      detectAgentKind({ sessionId: id }, { CLAUDE_CODE_SESSION_ID: 'the agent that started this one' }),
      undefined,
    );
    assert.equal(detectAgentKind({}, { GEMINI_SESSION_ID: id }), undefined, 'no id in the input: nothing to compare');
  });

  it('tells Codex by its rollout transcript', () => {
    const transcript = `/home/u/.codex/sessions/2026/12/06/rollout-2026-12-06T10-48-40-${id}.jsonl`;
    assert.equal(detectAgentKind({ sessionId: id, transcriptPath: transcript }, {}), 'codex');
    assert.equal(detectAgentKind({ sessionId: id, transcriptPath: '/x/rollout-notes/session.jsonl' }, {}), undefined);
  });

  it('names a session after its agent: the end of a time-ordered (v7) id, the start of any other', () => {
    assert.equal(agentSessionName('codex', '01a24af8-5d2b-7642-93ae-251c8f88f1f0'), 'codex 8f88f1f0');
    assert.equal(agentSessionName('gemini', id), 'gemini e0842c56');
    assert.equal(agentSessionName(undefined, 'agent-one'), 'agent agent-on');
  });

  it('knows the three agents and no other', () => {
    assert.deepEqual(['claude', 'codex', 'gemini', 'aider', 'Claude'].map(isAgentKind), [
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
