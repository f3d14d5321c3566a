import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { answerAgentHook, answerAgentHookIn, type AgentHookRequest } from '../../../src/core/operations/agentHookEvent';
import type { AgentHookAnswer } from '../../../src/core/operations/agentHookAnswer';
import { sendMessage } from '../../../src/core/messages/messages';
import { findSession, startSession } from '../../../src/core/sessions/sessions';
import { makeTempDir, makeTempTree, type TempTree } from '../../helpers/tempTree';

const agentSession = '7d1c9a3e-0b2f-4c5d-9e8f-1a2b3c4d5e6f';

function request(event: string, extra: Partial<AgentHookRequest> = {}): AgentHookRequest & { event: string } {
  return {
    event,
    read: { input: { sessionId: agentSession, event } },
    agentJson: true,
    limit: 10,
    beat: false,
    env: {},
    ...extra,
  };
}

/** The answer, whether it came at once or after publishing. */
async function answered(answer: AgentHookAnswer | Promise<AgentHookAnswer>): Promise<AgentHookAnswer> {
  return answer;
}

describe('answerAgentHook', () => {
  it('leaves alone an event it does not handle, with one line saying so, and touches no tree', () => {
    const tree = makeTempTree();
    try {
      const { event: _event, ...fromInput } = request('PreToolUse');
      const answer = answerAgentHook(tree.root, fromInput) as AgentHookAnswer;
      assert.equal(answer.stdout, '');
      assert.equal(answer.report.skipped, 'event PreToolUse');
      const notice = /^coord hook: the hook input's event "PreToolUse" is not one coord hook handles/;
      assert.match(answer.notice ?? '', notice);
      assert.deepEqual(readdirSync(tree.ctx.layout.sessionsDir), []);
    } finally {
      tree.cleanup();
    }
  });

  it('is silent — no output, no line — in a folder without a coordination tree', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const answer = answerAgentHook(dir, request('SessionStart', { register: {} })) as AgentHookAnswer;
      const report = { messages: [], remaining: 0, skipped: `no coordination tree in ${dir}` };
      assert.deepEqual(answer, { report, stdout: '' });
    } finally {
      cleanup();
    }
  });

  it('answers UserPromptSubmit when neither the options nor the input name the event', async () => {
    const tree = makeTempTree();
    try {
      const session = startSession(tree.ctx, { name: 'person' }).id;
      const sender = startSession(tree.ctx, { name: 'sender' }).id;
      sendMessage(tree.ctx, sender, session, 'hi', 'there');
      const { event: _event, ...rest } = request('x', { session, read: { input: {} } });
      const answer = await answered(answerAgentHook(tree.root, rest));
      const json = JSON.parse(answer.stdout) as { hookSpecificOutput: { hookEventName: string } };
      assert.equal(json.hookSpecificOutput.hookEventName, 'UserPromptSubmit');
    } finally {
      tree.cleanup();
    }
  });
});

describe('answerAgentHookIn', () => {
  let tree: TempTree;
  let sender: string;
  beforeEach(() => {
    tree = makeTempTree({ config: { heartbeatIntervalSeconds: 60 } });
    sender = startSession(tree.ctx, { name: 'sender' }).id;
  });
  afterEach(() => tree.cleanup());

  it('with no session and no link does nothing; input not the agent\'s is one line, "nothing done"', async () => {
    const quiet = await answered(answerAgentHookIn(tree.ctx, request('PostToolUse')));
    assert.equal(quiet.stdout, '');
    assert.equal(quiet.notice, undefined);
    assert.match(String(quiet.report.skipped), /^no session/);
    const bad = await answered(
      answerAgentHookIn(
        tree.ctx,
        request('PostToolUse', {
          read: { input: {}, problem: "the hook input on stdin is not JSON (expected the agent's hook JSON)" },
        }),
      ),
    );
    const notice = "coord hook: the hook input on stdin is not JSON (expected the agent's hook JSON); nothing done";
    assert.equal(bad.notice, notice);
  });

  it("an agent session's life: SessionStart registers, a tool call delivers, SessionEnd stops it", async () => {
    const start = await answered(
      answerAgentHookIn(tree.ctx, request('SessionStart', { register: {}, agent: 'claude' })),
    );
    const session = String(start.report.session);
    assert.equal(findSession(tree.ctx, session)?.name, 'claude 7d1c9a3e');
    type Context = { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
    const context = JSON.parse(start.stdout) as Context;
    assert.equal(context.hookSpecificOutput.hookEventName, 'SessionStart');
    assert.match(context.hookSpecificOutput.additionalContext, new RegExp(`You are coordination session ${session}`));

    const sent = sendMessage(tree.ctx, sender, session, 'hello', 'body');
    const tool = await answered(answerAgentHookIn(tree.ctx, request('PostToolUse')));
    assert.equal(tool.report.session, session);
    assert.deepEqual(
      (tool.report.messages as { id: string }[]).map((m) => m.id),
      [sent.id],
    );

    const withoutRegister = await answered(answerAgentHookIn(tree.ctx, request('SessionEnd')));
    assert.deepEqual(withoutRegister.report, { messages: [], remaining: 0 });
    assert.equal(findSession(tree.ctx, session)?.endedAt, undefined, 'only --register ends what it registered');
    const end = await answered(answerAgentHookIn(tree.ctx, request('SessionEnd', { register: {} })));
    assert.equal(end.report.ended, session);
    assert.ok(findSession(tree.ctx, session)?.endedAt);
    const after = await answered(answerAgentHookIn(tree.ctx, request('PostToolUse')));
    assert.match(String(after.report.skipped), /^no session/);
  });

  it('COORD_SESSION wins: SessionStart greets it, later events act as it, SessionEnd leaves it alive', async () => {
    const person = startSession(tree.ctx, { name: 'person' }).id;
    const start = await answered(
      answerAgentHookIn(tree.ctx, request('SessionStart', { session: person, register: {} })),
    );
    assert.match(String(start.report.greeting), /\(given by COORD_SESSION\)/);
    const end = await answered(answerAgentHookIn(tree.ctx, request('SessionEnd', { session: person, register: {} })));
    assert.deepEqual(end.report, { messages: [], remaining: 0, session: person });
    assert.equal(findSession(tree.ctx, person)?.endedAt, undefined);
    // The link SessionStart made is the person's: even the agent session's SessionEnd alone does not end it.
    const linkedEnd = await answered(answerAgentHookIn(tree.ctx, request('SessionEnd', { register: {} })));
    assert.equal(linkedEnd.report.ended, undefined);
    assert.equal(findSession(tree.ctx, person)?.endedAt, undefined);
  });

  it('a plain-text run (no agent JSON) greets nobody and prints messages as text', async () => {
    const person = startSession(tree.ctx, { name: 'person' }).id;
    sendMessage(tree.ctx, sender, person, 'hi', 'there');
    const answer = await answered(
      answerAgentHookIn(tree.ctx, request('SessionStart', { session: person, agentJson: false })),
    );
    assert.equal(answer.report.greeting, undefined);
    assert.match(answer.stdout, /^\[coord\] 1 new message for session /);
  });

  it('--beat beats when one is due, and says whether it did', async () => {
    const person = startSession(tree.ctx, { name: 'person' }).id;
    const early = await answered(answerAgentHookIn(tree.ctx, request('PostToolUse', { session: person, beat: true })));
    assert.deepEqual([early.report.beat, early.report.renewed], [false, 0]);
    tree.clock.advance(31_000);
    const due = await answered(answerAgentHookIn(tree.ctx, request('Stop', { session: person, beat: true })));
    assert.deepEqual([due.report.beat, due.report.renewed], [true, 0]);
    assert.equal(findSession(tree.ctx, person)?.heartbeatAt, new Date(tree.clock.now()).toISOString());
    const none = await answered(answerAgentHookIn(tree.ctx, request('PostToolUse', { session: person })));
    assert.equal(none.report.beat, undefined);
  });

  it("Stop keeps the agent going with an urgent message, the input's problem still on stderr", async () => {
    const person = startSession(tree.ctx, { name: 'person' }).id;
    sendMessage(tree.ctx, sender, person, 'now', 'urgent', { priority: 'critical' });
    const answer = await answered(
      answerAgentHookIn(
        tree.ctx,
        request('AfterAgent', {
          session: person,
          read: { input: {}, problem: 'the hook input has no session_id' },
        }),
      ),
    );
    assert.equal((JSON.parse(answer.stdout) as { decision: string }).decision, 'block');
    assert.equal(answer.notice, 'coord hook: the hook input has no session_id');
  });
});
