import assert from 'node:assert/strict';
import { contextHookJson, keepGoingHookJson } from '../../../src/core/agents/agentHookJson';

describe('agent hook JSON', () => {
  it('context for the model names the event it answers', () => {
    assert.deepEqual(JSON.parse(contextHookJson('AfterTool', 'a\nb')), {
      hookSpecificOutput: { hookEventName: 'AfterTool', additionalContext: 'a\nb' },
    });
  });

  it('keeping the agent going is a block decision with the reason', () => {
    assert.deepEqual(JSON.parse(keepGoingHookJson('why')), { decision: 'block', reason: 'why' });
  });
});
