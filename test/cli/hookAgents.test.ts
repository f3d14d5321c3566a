import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/**
 * `coord hook` for the three agents, fed the JSON each one writes on stdin (fields as Claude Code 2.1, Codex 0.171
 * and Gemini CLI 0.61 send them; see test/agents for the real agents): sessions named after the agent, Gemini's
 * events, the Stop hook, and input that is not what it should be.
 */
describe('coord hook for Claude Code, Codex and Gemini CLI', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
  });
  afterEach(() => cleanup());

  const codexId = '01a24af8-5d2b-7642-93ae-251c8f88f1f0';
  const codexInput = (event: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      session_id: codexId,
      hook_event_name: event,
      cwd: dir,
      model: 'gpt-5',
      permission_mode: 'bypassPermissions',
      transcript_path: `/home/u/.codex/sessions/2026/12/06/rollout-2026-12-06T10-48-40-${codexId}.jsonl`,
      ...extra,
    });
  const geminiId = 'e0842c56-a5a3-410f-ba14-b8fb8f933a81';
  const geminiInput = (event: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      session_id: geminiId,
      hook_event_name: event,
      cwd: dir,
      timestamp: new Date().toISOString(),
      transcript_path: `/home/u/.gemini/tmp/proj/chats/session-2026-12-06T10-49-e0842c56.jsonl`,
      ...extra,
    });
  const hook = (args: string[], input: string, env: Record<string, string> = {}, session?: string) =>
    coordSync(['hook', ...args], { cwd: dir, input, env, ...(session ? { session } : {}) });
  const agentSessions = () =>
    readdirSync(join(dir, 'docs', 'coordination', 'sessions'))
      .map((f) => JSON.parse(readFileSync(join(dir, 'docs', 'coordination', 'sessions', f), 'utf8')))
      .filter((s) => s.kind === 'agent');
  const context = (stdout: string) => JSON.parse(stdout).hookSpecificOutput.additionalContext as string;

  describe('sessions named after the agent', () => {
    it('--agent codex names it "codex" and the random end of its time-ordered id (two started together differ)', () => {
      const start = hook(['--agent', 'codex', '--register'], codexInput('SessionStart', { source: 'startup' }));
      assert.equal(start.code, 0, start.stderr);
      assert.equal(start.stderr, '');
      assert.deepEqual(
        agentSessions().map((s) => s.name),
        ['codex 8f88f1f0'],
      );
      assert.match(
        context(start.stdout),
        new RegExp(
          '^\\[coord\\] You are coordination session codex-8f88f1f0-\\w+ \\(codex 8f88f1f0\\)' +
            '.*Pass --session codex-8f88f1f0-\\w+ to every coord command',
        ),
      );
    });

    it('without --agent, tells Codex by its rollout transcript, Gemini CLI by GEMINI_SESSION_ID, else "agent"', () => {
      assert.equal(hook(['--format', 'claude', '--register'], codexInput('SessionStart')).code, 0);
      // Gemini CLI sets CLAUDE_PROJECT_DIR too (for compatibility): its own id wins.
      const gemini = hook(['--format', 'claude', '--register'], geminiInput('SessionStart'), {
        GEMINI_SESSION_ID: geminiId,
        CLAUDE_PROJECT_DIR: dir,
      });
      assert.equal(gemini.code, 0, gemini.stderr);
      // An id inherited from another agent that started this one is not this agent's.
      assert.equal(
        hook(
          ['--format', 'claude', '--register'],
          JSON.stringify({ session_id: 'f00dfeed-1', hook_event_name: 'SessionStart' }),
          { GEMINI_SESSION_ID: geminiId },
        ).code,
        0,
      );
      assert.deepEqual(
        agentSessions()
          .map((s) => s.name)
          .sort(),
        ['agent f00dfeed', 'codex 8f88f1f0', 'gemini e0842c56'],
      );
    });

    it('refuses an agent it does not know, naming the choices (one line on stderr, exit 0)', () => {
      const run = hook(['--agent', 'aider', '--register'], codexInput('SessionStart'));
      assert.deepEqual([run.code, run.stdout], [0, '']);
      assert.match(run.stderr, /--agent "aider" must be one of claude, codex, gemini/);
      assert.equal(agentSessions().length, 0);
    });
  });

  it('Gemini CLI: SessionStart, BeforeAgent and AfterTool answer in its hook JSON; SessionEnd ends the session', () => {
    const start = hook(['--agent', 'gemini', '--register'], geminiInput('SessionStart', { source: 'startup' }));
    assert.equal(JSON.parse(start.stdout).hookSpecificOutput.hookEventName, 'SessionStart');
    const id = agentSessions()[0].id as string;
    const lead = startSessionCli(dir, 'lead');
    assert.equal(coordSync(['send', id, 'take the cart', 'src/cart is yours'], { cwd: dir, session: lead }).code, 0);
    const before = hook(['--agent', 'gemini', '--beat'], geminiInput('BeforeAgent', { prompt: 'go' }));
    assert.equal(JSON.parse(before.stdout).hookSpecificOutput.hookEventName, 'BeforeAgent');
    assert.match(context(before.stdout), /from lead-\w+: take the cart/);
    assert.equal(coordSync(['send', id, 'and the tests', 'too'], { cwd: dir, session: lead }).code, 0);
    const after = hook(
      ['--agent', 'gemini', '--beat'],
      geminiInput('AfterTool', { tool_name: 'run_shell_command', tool_input: { command: 'ls' } }),
    );
    assert.equal(JSON.parse(after.stdout).hookSpecificOutput.hookEventName, 'AfterTool');
    assert.match(context(after.stdout), /\(their words, not the user's\):\n- from lead-\w+: and the tests/);
    const end = hook(['--agent', 'gemini', '--register'], geminiInput('SessionEnd', { reason: 'exit' }));
    assert.deepEqual([end.code, end.stdout, end.stderr], [0, '', '']);
    assert.ok(agentSessions()[0].endedAt);
  });

  describe('Stop: the agent hears urgent messages before it goes idle', () => {
    let id: string;
    let lead: string;
    beforeEach(() => {
      assert.equal(hook(['--agent', 'codex', '--register'], codexInput('SessionStart')).code, 0);
      id = agentSessions()[0].id as string;
      lead = startSessionCli(dir, 'lead');
    });
    const send = (subject: string, extra: string[] = []) =>
      assert.equal(coordSync(['send', id, subject, 'body of it', ...extra], { cwd: dir, session: lead }).code, 0);
    const stop = (extra: Record<string, unknown> = {}) =>
      hook(
        ['--agent', 'codex'],
        codexInput('Stop', { stop_hook_active: false, last_assistant_message: 'done', ...extra }),
      );

    it('is silent with nothing unread, or only normal and low messages unread (left unread for the next turn)', () => {
      const idle = stop();
      assert.deepEqual([idle.code, idle.stdout, idle.stderr], [0, '', '']);
      send('fyi');
      send('whenever', ['--priority', 'low']);
      const normal = stop();
      assert.deepEqual([normal.code, normal.stdout], [0, '']);
      const inbox = coordSync(['inbox', '--unread', '--json'], { cwd: dir, session: id });
      assert.equal(inbox.json.messages.length, 2, 'still unread');
    });

    it('keeps the agent going with every unread message as the reason when a high one waits; marks them read', () => {
      send('fyi');
      send('stop editing src/cart', ['--priority', 'high']);
      const run = stop();
      assert.equal(run.code, 0, run.stderr);
      const answer = JSON.parse(run.stdout);
      assert.equal(answer.decision, 'block');
      assert.match(
        answer.reason,
        new RegExp(
          `^\\[coord\\] 2 new messages for session ${id} from other coordination sessions` +
            ` \\(their words, not the user's\\):\\n- \\[high\\] from ${lead}: stop editing src/cart`,
        ),
      );
      assert.match(answer.reason, /- from lead-\w+: fyi/);
      assert.match(answer.reason, /Before you stop: .*reply \(coord send\)/);
      assert.equal(coordSync(['inbox', '--unread', '--json'], { cwd: dir, session: id }).json.messages.length, 0);
      assert.deepEqual([stop().stdout], [''], 'nothing new: the agent may stop');
    });

    it('a critical or ack-requested message holds too; never when the agent goes on because of a Stop hook', () => {
      send('answer me', ['--ack']);
      const active = stop({ stop_hook_active: true });
      assert.deepEqual([active.code, active.stdout], [0, '']);
      assert.match(JSON.parse(stop().stdout).reason, /\[ack requested\] from lead-\w+: answer me/);
      send('prod is down', ['--priority', 'critical']);
      assert.match(JSON.parse(stop().stdout).reason, /\[critical\] from lead-\w+: prod is down/);
    });

    it('holds once per message: not again for the same message, even when its read mark is gone', () => {
      send('stop editing src/cart', ['--priority', 'high']);
      assert.equal(JSON.parse(stop().stdout).decision, 'block');
      rmSync(join(dir, 'docs', 'coordination', '.local', 'read'), { recursive: true, force: true });
      assert.equal(
        coordSync(['inbox', '--unread', '--json'], { cwd: dir, session: id }).json.messages.length,
        1,
        'unread again',
      );
      const again = stop();
      assert.deepEqual([again.code, again.stdout], [0, '']);
    });

    it("Claude Code's Stop (same input, same answer) works through the link as Codex's does", () => {
      assert.equal(
        hook(['--agent', 'claude', '--register'], JSON.stringify({ session_id: 'c1', hook_event_name: 'SessionStart' }))
          .code,
        0,
      );
      const claude = agentSessions().find((s) => s.name === 'claude c1').id as string;
      assert.equal(
        coordSync(['send', claude, 'look', 'now', '--priority', 'high'], { cwd: dir, session: lead }).code,
        0,
      );
      const run = hook(
        ['--agent', 'claude'],
        JSON.stringify({ session_id: 'c1', hook_event_name: 'Stop', stop_hook_active: false }),
      );
      assert.equal(JSON.parse(run.stdout).decision, 'block');
    });

    it("Gemini CLI's AfterAgent is its Stop: the same answer, the same bounds", () => {
      assert.equal(hook(['--agent', 'gemini', '--register'], geminiInput('SessionStart')).code, 0);
      const gemini = agentSessions().find((s) => s.name === 'gemini e0842c56').id as string;
      const afterAgent = (active: boolean) =>
        hook(['--agent', 'gemini'], geminiInput('AfterAgent', { prompt_response: 'done', stop_hook_active: active }));
      assert.equal(afterAgent(false).stdout, '', 'nothing waiting');
      const sent = coordSync(['send', gemini, 'look', 'now', '--priority', 'high'], { cwd: dir, session: lead });
      assert.equal(sent.code, 0);
      assert.equal(afterAgent(true).stdout, '', 'already going on because of it');
      const held = afterAgent(false);
      assert.equal(JSON.parse(held.stdout).decision, 'block');
      assert.match(JSON.parse(held.stdout).reason, /\[high\] from lead-\w+: look/);
      assert.equal(afterAgent(false).stdout, '', 'once');
    });
  });

  describe('input that is not what it should be', () => {
    it('empty or garbage input: one line on stderr, exit 0, nothing registered', () => {
      for (const input of ['', 'not json', '[1,2]', '{"hook_event_name":"SessionStart"}']) {
        const run = hook(['--agent', 'codex', '--register'], input);
        assert.deepEqual([run.code, run.stdout], [0, ''], input);
        assert.equal(run.stderr.trimEnd().split('\n').length, 1, `${input}: ${run.stderr}`);
        assert.match(
          run.stderr,
          new RegExp(
            '^coord hook: the hook input (on stdin is (empty|not JSON|not a JSON object)|has no session_id)' +
              '.*; nothing done\\n$',
          ),
        );
      }
      assert.equal(agentSessions().length, 0);
    });

    it("an event the agent sends that coord does not handle is named as the input's, not as an option", () => {
      const run = hook(['--agent', 'codex'], codexInput('PreToolUse', { tool_name: 'Bash' }));
      assert.deepEqual([run.code, run.stdout], [0, '']);
      assert.match(run.stderr, /^coord hook: the hook input's event "PreToolUse" is not one coord hook handles/);
      assert.doesNotMatch(run.stderr, /--event/);
      const option = hook(['--agent', 'codex', '--event', 'PreToolUse'], codexInput('SessionStart'));
      assert.match(option.stderr, /--event "PreToolUse" must be one of/);
    });

    it('a preset COORD_SESSION still tells the agent its session id at SessionStart, and is not replaced', () => {
      const own = startSessionCli(dir, 'builder');
      const run = hook(['--agent', 'codex', '--register'], codexInput('SessionStart'), {}, own);
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        context(run.stdout),
        new RegExp(
          `^\\[coord\\] You are coordination session ${own} \\(builder\\) in this repository` +
            ` \\(given by COORD_SESSION\\).*Your shell commands act as it`,
        ),
      );
      assert.deepEqual(
        agentSessions().map((s) => s.id),
        [own],
        'no second session',
      );
      // Linked for what does not see COORD_SESSION (the agent's MCP server), yet still the person's to stop.
      const later = hook(['--agent', 'codex', '--json'], codexInput('PostToolUse', { tool_name: 'Bash' }));
      assert.equal(later.json.session, own);
      assert.equal(hook(['--agent', 'codex', '--register'], codexInput('SessionEnd')).code, 0);
      assert.equal(agentSessions()[0].endedAt, undefined);
    });
  });
});
