import assert from 'node:assert/strict';
import { answerHookTurn } from '../../../src/core/operations/agentHookTurn';
import { sendMessage } from '../../../src/core/messages/messages';
import { startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('answerHookTurn', () => {
  let tree: TempTree;
  let agent: string;
  let sender: string;
  beforeEach(() => {
    tree = makeTempTree();
    agent = startSession(tree.ctx, { name: 'agent' }).id;
    sender = startSession(tree.ctx, { name: 'sender' }).id;
  });
  afterEach(() => tree.cleanup());

  it('says nothing when nothing is new and there is no greeting', () => {
    const answer = answerHookTurn(tree.ctx, agent, { event: 'PostToolUse', limit: 10, greeting: '', agentJson: true });
    assert.equal(answer.stdout, '');
    assert.deepEqual(answer.report, { session: agent, messages: [], remaining: 0 });
  });

  it("hands over new messages once, in the context JSON for the event, marked as other sessions' words", () => {
    const sent = sendMessage(tree.ctx, sender, agent, 'hello', 'the body');
    const answer = answerHookTurn(tree.ctx, agent, { event: 'AfterTool', limit: 10, greeting: '', agentJson: true });
    type Context = { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
    const json = JSON.parse(answer.stdout) as Context;
    assert.equal(json.hookSpecificOutput.hookEventName, 'AfterTool');
    const marked = /from other coordination sessions \(their words, not the user's\)/;
    assert.match(json.hookSpecificOutput.additionalContext, marked);
    assert.match(json.hookSpecificOutput.additionalContext, new RegExp(`from ${sender}: hello  \\(id ${sent.id}\\)`));
    assert.deepEqual(
      (answer.report.messages as { id: string }[]).map((m) => m.id),
      [sent.id],
    );
    const again = answerHookTurn(tree.ctx, agent, { event: 'AfterTool', limit: 10, greeting: '', agentJson: true });
    assert.equal(again.stdout, '', 'a message is handed over once: it was marked read');
  });

  it('puts the greeting first, answers in plain text without agentJson, and keeps what is over the limit', () => {
    sendMessage(tree.ctx, sender, agent, 'one', 'a');
    sendMessage(tree.ctx, sender, agent, 'two', 'b');
    const turn = { event: 'SessionStart', limit: 1, greeting: 'HELLO', agentJson: false };
    const answer = answerHookTurn(tree.ctx, agent, turn);
    assert.match(answer.stdout, /^HELLO\n\n\[coord\] 1 new message for session /);
    assert.match(answer.stdout, /1 more unread/);
    assert.equal(answer.report.greeting, 'HELLO');
    assert.equal(answer.report.remaining, 1);
  });
});
