import assert from 'node:assert/strict';
import { parseAgentHookInput } from '../../../src/core/agents/agentHookInput';

describe('parseAgentHookInput', () => {
  it('takes the fields the three agents share, and nothing else', () => {
    const raw = JSON.stringify({
      session_id: 'abc',
      hook_event_name: 'Stop',
      transcript_path: '/t/rollout-1.jsonl',
      stop_hook_active: true,
      cwd: '/x',
    });
    assert.deepEqual(parseAgentHookInput(raw), {
      input: { sessionId: 'abc', event: 'Stop', transcriptPath: '/t/rollout-1.jsonl', stopHookActive: true },
    });
    const notTrue = parseAgentHookInput('{"session_id":"abc","stop_hook_active":"yes"}');
    assert.deepEqual(notTrue, { input: { sessionId: 'abc' } });
  });

  it('says why input is not usable: empty, not JSON, not an object, no (or an oversized) session id', () => {
    assert.match(parseAgentHookInput(' \n').problem ?? '', /is empty/);
    assert.match(parseAgentHookInput('{oops').problem ?? '', /is not JSON/);
    assert.match(parseAgentHookInput('[1]').problem ?? '', /is not a JSON object/);
    assert.deepEqual(parseAgentHookInput('{"hook_event_name":"Stop"}'), {
      input: { event: 'Stop' },
      problem: 'the hook input has no session_id',
    });
    const oversized = parseAgentHookInput(JSON.stringify({ session_id: 'x'.repeat(201) }));
    assert.equal(oversized.problem, 'the hook input has no session_id');
  });
});
