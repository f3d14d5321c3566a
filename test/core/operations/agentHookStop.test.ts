import assert from 'node:assert/strict';
import { answerHookStop } from '../../../src/core/operations/agentHookStop';
import { inbox, sendMessage } from '../../../src/core/messages/messages';
import { startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('answerHookStop', () => {
  let tree: TempTree;
  let agent: string;
  let sender: string;
  const stop = { limit: 10, stopHookActive: false, agentJson: true };
  beforeEach(() => {
    tree = makeTempTree();
    agent = startSession(tree.ctx, { name: 'agent' }).id;
    sender = startSession(tree.ctx, { name: 'sender' }).id;
  });
  afterEach(() => tree.cleanup());

  it('lets the agent stop, silently, when only normal messages wait (they stay unread for the next turn)', () => {
    sendMessage(tree.ctx, sender, agent, 'fyi', 'later');
    const answer = answerHookStop(tree.ctx, agent, stop);
    assert.equal(answer.stdout, '');
    assert.equal(answer.report.decision, undefined);
    assert.equal(inbox(tree.ctx, agent, { unreadOnly: true }).length, 1);
  });

  it('keeps the agent going with an urgent message — once: the next Stop lets it stop', () => {
    const sent = sendMessage(tree.ctx, sender, agent, 'stop that', 'now', { priority: 'high' });
    const answer = answerHookStop(tree.ctx, agent, stop);
    const json = JSON.parse(answer.stdout) as { decision: string; reason: string };
    assert.equal(json.decision, 'block');
    assert.match(json.reason, new RegExp(`\\(id ${sent.id}\\)`));
    assert.match(json.reason, /Before you stop: messages above are urgent or ask for an answer/);
    assert.equal(answer.report.decision, 'block');
    assert.equal(answerHookStop(tree.ctx, agent, stop).stdout, '');
  });

  it('an ack request holds a stop too; in plain text the reason is printed as it is', () => {
    sendMessage(tree.ctx, sender, agent, 'answer me', 'please', { ackRequired: true });
    const answer = answerHookStop(tree.ctx, agent, { ...stop, agentJson: false });
    assert.match(answer.stdout, /^\[coord\] 1 new message/);
  });

  it('never blocks when a Stop hook already keeps the agent going, and leaves the message unread', () => {
    sendMessage(tree.ctx, sender, agent, 'urgent', 'now', { priority: 'critical' });
    const answer = answerHookStop(tree.ctx, agent, { ...stop, stopHookActive: true });
    assert.equal(answer.stdout, '');
    assert.equal(inbox(tree.ctx, agent, { unreadOnly: true }).length, 1);
  });
});
