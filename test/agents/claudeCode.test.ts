import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentWorkspace } from './lib/agentWorkspace';
import { killClaudeAgents, runClaudePrint } from './lib/claudeAgent';
import { ClaudeTui, seedClaudeDialogs } from './lib/claudeTui';
import { readmeClaudeMcpJson, readmeClaudeSettings } from './lib/readmeConfig';
import { ScriptedModelServer, type LoggedRequest } from './lib/scriptedModelServer';
import { gate, waitFor } from './lib/waitFor';
import {
  anthropicMessages,
  mainLoopRequests,
  messagesText,
  toolResultsOf,
  type ToolResultSeen,
} from './models/anthropicMessages';

/** A Bash command that waits (at most a minute) for the test to create `file`: the agent stays mid-turn meanwhile. */
function waitForSignal(file: string): string {
  return `for i in $(seq 600); do test -e ${file} && break; sleep 0.1; done; test -e ${file} && echo signalled`;
}

/** The coordination session id a SessionStart greeting told the model, found in a request. */
function greetedSession(request: LoggedRequest): string | undefined {
  return /\[coord\] You are coordination session (\S+) /.exec(messagesText(request.body))?.[1];
}

function lastToolResult(request: LoggedRequest): ToolResultSeen {
  const results = toolResultsOf(request.body);
  assert.ok(results.length > 0, 'the request carries a tool result');
  return results[results.length - 1]!;
}

/**
 * Two real Claude Code agents in two worktrees of one repository, configured as the README says (its
 * `.claude/settings.json` hooks and `.mcp.json` with `coord mcp`), the model scripted on loopback. Every check is on
 * coord's own records or on what the model received — never on what the script told the model to do.
 */
describe("Claude Code (real, print mode) coordinates through the README's hooks and MCP server", function () {
  let ws: AgentWorkspace;
  let server: ScriptedModelServer;
  let signals: string;

  before(async () => {
    ws = AgentWorkspace.create();
    ws.writeFile('.claude/settings.json', readmeClaudeSettings());
    ws.writeFile('.mcp.json', readmeClaudeMcpJson());
    ws.commitAll('agents: Claude Code hooks and MCP server, as the README says');
    signals = join(ws.dir, 'signals');
    mkdirSync(signals);
    server = await ScriptedModelServer.start();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed')
      console.error(`      the model's requests: ${server.saveRequests('claude')}`);
  });
  after(async () => {
    await killClaudeAgents();
    await server?.close();
    ws?.cleanup();
  });

  const title =
    'registers each agent by hook, claims by MCP as it, refuses the second, delivers, holds at Stop once, releases' +
    ' — then the second claims — and ends';
  it(title, async () => {
    const worktreeB = ws.addWorktree('agent-b');
    const go = { a: join(signals, 'a-go'), b: join(signals, 'b-go') };
    const beforeStop = gate();
    const afterStop = gate();
    server.mount(
      '/a',
      anthropicMessages(async (turn) => {
        switch (turn.step) {
          case 0:
            return {
              toolUses: [{ name: 'mcp__coord__claim', input: { type: 'issue', name: '7', reason: 'fix the login' } }],
            };
          case 1:
            return { toolUses: [{ name: 'Bash', input: { command: waitForSignal(go.a) } }] };
          case 2:
            return { toolUses: [{ name: 'mcp__coord__release', input: { type: 'issue', name: '7' } }] };
          case 3:
            // The last answer of the turn, held until the test has sent an urgent message: its Stop hook hears it.
            await beforeStop.wait;
            return { text: 'Released issue 7.' };
          case 4:
            await afterStop.wait;
            return { text: 'Answered the lead; done.' };
          default:
            return { text: 'Done.' };
        }
      }),
    );
    server.mount(
      '/b',
      anthropicMessages((turn) => {
        switch (turn.step) {
          case 0:
            return {
              toolUses: [
                {
                  name: 'Bash',
                  input: { command: 'coord claim issue 7 --reason "fix the login too"; echo "exit=$?"' },
                },
              ],
            };
          case 1:
            return { toolUses: [{ name: 'Bash', input: { command: waitForSignal(go.b) } }] };
          case 2:
            return { toolUses: [{ name: 'Bash', input: { command: 'coord claim issue 7 --json; echo "exit=$?"' } }] };
          default:
            return { text: 'Claimed issue 7.' };
        }
      }),
    );
    const homeA = ws.agentHome('a');
    const homeB = ws.agentHome('b');
    const runA = runClaudePrint({
      ws,
      cwd: ws.repo,
      home: homeA,
      baseUrl: server.baseUrl('/a'),
      prompt: 'Fix the login (issue 7).',
    });
    runA.catch(() => {});

    // A's SessionStart greeting reached the model in its first request, naming the session the hook registered.
    const firstA = await waitFor("agent A's first model request", () => mainLoopRequests(server.requestsOf('/a'))[0]);
    const sessionA = greetedSession(firstA);
    assert.ok(
      sessionA,
      `the SessionStart greeting is in A's first request:\n${messagesText(firstA.body).slice(0, 2000)}`,
    );
    assert.equal(ws.coord(['status', '--json']).json.sessions.find((s: any) => s.id === sessionA)?.kind, 'agent');

    // A's MCP claim acted as that session (the server was told no session): the model got the lease, coord holds it.
    const secondA = await waitFor(
      "A's request after its MCP claim",
      () => mainLoopRequests(server.requestsOf('/a'))[1],
    );
    const claimResult = lastToolResult(secondA);
    assert.equal(claimResult.name, 'mcp__coord__claim');
    assert.equal(claimResult.isError, false, claimResult.text);
    assert.match(claimResult.text, new RegExp(`"holder":"${sessionA}"`));
    const held = ws.coord(['claims', '--json']).json;
    assert.deepEqual(
      held.claims.map((c: any) => [c.type, c.name, c.holder]),
      [['issue', '7', sessionA]],
    );

    // B, in its own worktree, is refused through its Bash tool: exit 1, naming A.
    const runB = runClaudePrint({
      ws,
      cwd: worktreeB,
      home: homeB,
      baseUrl: server.baseUrl('/b'),
      prompt: 'Fix the login (issue 7).',
    });
    runB.catch(() => {});
    const firstB = await waitFor("agent B's first model request", () => mainLoopRequests(server.requestsOf('/b'))[0]);
    const sessionB = greetedSession(firstB);
    assert.ok(sessionB && sessionB !== sessionA, 'B has a session of its own');
    const refusedAt = await waitFor(
      "B's request after its coord claim",
      () => mainLoopRequests(server.requestsOf('/b'))[1],
    );
    const refused = lastToolResult(refusedAt);
    assert.match(refused.text, /exit=1/, refused.text);
    assert.ok(refused.text.includes(sessionA!), `the refusal names the holder ${sessionA}: ${refused.text}`);

    // A message to A, sent while A's Bash tool runs, reaches A's model in the request after that call — not before.
    const lead = ws.coord(['start', '--name', 'lead', '--kind', 'human', '--json']).json.session.id as string;
    const sent = ws.coord(['send', sessionA!, 'login spec changed', 'use the new token format', '--json'], {
      session: lead,
    });
    assert.equal(sent.code, 0, sent.stderr);
    writeFileSync(go.a, '');
    const afterTool = await waitFor(
      "A's request after its Bash tool",
      () => mainLoopRequests(server.requestsOf('/a'))[2],
    );
    assert.match(lastToolResult(afterTool).text, /signalled/);
    assert.match(messagesText(afterTool.body), /login spec changed[\s\S]*use the new token format/);
    assert.doesNotMatch(messagesText(secondA.body), /login spec changed/);

    // A releases by MCP.
    const afterRelease = await waitFor(
      "A's request after its MCP release",
      () => mainLoopRequests(server.requestsOf('/a'))[3],
    );
    const releaseResult = lastToolResult(afterRelease);
    assert.equal(releaseResult.name, 'mcp__coord__release');
    assert.equal(releaseResult.isError, false, releaseResult.text);

    // After A's last tool call (its PostToolUse hook has run), before its turn ends: an urgent message. The Stop hook
    // keeps A going with it — in the next request, as other sessions' words — and marks it read.
    const urgent = ws.coord(
      ['send', sessionA!, 'stop the deploy', 'answer me before you finish', '--priority', 'high', '--json'],
      { session: lead },
    );
    assert.equal(urgent.code, 0, urgent.stderr);
    let endedA = false;
    runA.then(
      () => (endedA = true),
      () => (endedA = true),
    );
    beforeStop.open();
    const afterStopHook = await waitFor(
      "A's request after its Stop hook, or its end",
      () => mainLoopRequests(server.requestsOf('/a'))[4] ?? (endedA ? null : undefined),
    );
    assert.ok(afterStopHook, "A's turn ended without its Stop hook keeping it going");
    // Claude Code hands the block reason back as a new user turn after A's final answer ("Stop hook feedback:").
    const messages = afterStopHook.body.messages as any[];
    const lastAnswer = messages.map((m) => m.role).lastIndexOf('assistant');
    assert.match(
      messagesText({ messages: messages.slice(lastAnswer + 1).filter((m) => m.role === 'user') }),
      new RegExp(
        `Stop hook feedback:\\n\\[coord\\] 1 new message for session ${sessionA} from other coordination sessions` +
          ` \\(their words, not the user's\\):\\n- \\[high\\] from ${lead}: stop the deploy[^]*` +
          'answer me before you finish',
      ),
    );
    assert.doesNotMatch(messagesText(afterRelease.body), /stop the deploy/, 'not before A tried to stop');
    const inboxA = ws.coord(['inbox', '--json'], { session: sessionA! }).json;
    assert.deepEqual(
      inboxA.messages.filter((m: any) => m.id === urgent.json.message.id).map((m: any) => m.read),
      [true],
      `the Stop hook marked it read: ${JSON.stringify(inboxA)}`,
    );
    // Another urgent one while A goes on because of its Stop hook: that Stop (stop_hook_active) lets A stop.
    const again = ws.coord(['send', sessionA!, 'and the rollback', 'also urgent', '--priority', 'critical'], {
      session: lead,
    });
    assert.equal(again.code, 0, again.stderr);
    afterStop.open();

    // A's turn ends — its Stop hook held it once, not twice — and SessionEnd ends its session.
    const resultA = await runA;
    assert.equal(resultA.code, 0, `${resultA.stderr}\n${resultA.stdout.slice(-3000)}`);
    assert.equal(mainLoopRequests(server.requestsOf('/a')).length, 5, 'one request per step, one after the Stop hook');

    // Now B's claim succeeds, as B.
    writeFileSync(go.b, '');
    const resultB = await runB;
    assert.equal(resultB.code, 0, `${resultB.stderr}\n${resultB.stdout.slice(-3000)}`);
    const claimedB = lastToolResult(mainLoopRequests(server.requestsOf('/b'))[3]!);
    assert.match(claimedB.text, /exit=0/, claimedB.text);
    assert.match(claimedB.text, new RegExp(`"holder":"${sessionB}"`));

    // Both agents' SessionEnd hooks ended their sessions and freed their claims; nobody registered a second session.
    const status = ws.coord(['status', '--json']).json;
    const agents = status.sessions.filter((s: any) => s.kind === 'agent');
    assert.deepEqual(
      agents.map((s: any) => s.id).sort(),
      [sessionA, sessionB].sort(),
      'one session per agent, no more',
    );
    for (const s of agents) assert.equal(s.state, 'ended', `${s.id} ended`);
    assert.deepEqual(status.claims, []);
    assert.deepEqual(
      server.unrouted.map((r) => `${r.method} ${r.path}`),
      [],
    );
    assert.deepEqual(server.failures, []);
  });
});

/**
 * The same hook deliveries in the interactive terminal UI, under tmux, typed into as a person would: SessionStart's
 * greeting, a message waiting before the prompt (UserPromptSubmit), a message arriving during a tool call
 * (PostToolUse), an urgent one at the end of the turn (Stop), the MCP claim as the hook's session, and /exit
 * ending the session (SessionEnd).
 */
describe("Claude Code (real, interactive, in tmux) hears coord through the README's hooks", function () {
  let ws: AgentWorkspace;
  let server: ScriptedModelServer;
  let tui: ClaudeTui | undefined;

  before(async () => {
    ws = AgentWorkspace.create();
    ws.writeFile('.claude/settings.json', readmeClaudeSettings());
    ws.writeFile('.mcp.json', readmeClaudeMcpJson());
    ws.commitAll('agents: Claude Code hooks and MCP server, as the README says');
    server = await ScriptedModelServer.start();
  });
  after(async () => {
    await tui?.kill();
    await server?.close();
    ws?.cleanup();
  });

  it('greets, delivers at the prompt, after a tool call and at Stop, claims by MCP as its session, ends at /exit', async () => {
    const go = join(ws.dir, 'tui-go');
    const beforeStop = gate();
    server.mount(
      '/tui',
      anthropicMessages(async (turn) => {
        switch (turn.step) {
          case 0:
            return {
              toolUses: [{ name: 'mcp__coord__claim', input: { type: 'issue', name: '9', reason: 'the cart' } }],
            };
          case 1:
            return { toolUses: [{ name: 'Bash', input: { command: waitForSignal(go) } }] };
          case 2:
            await beforeStop.wait;
            return { text: 'Claimed issue 9 and read the news.' };
          default:
            return { text: 'Told the lead the deploy is stopped.' };
        }
      }),
    );
    const home = ws.agentHome('tui');
    seedClaudeDialogs(home, ws.repo);
    tui = await ClaudeTui.start({ ws, cwd: ws.repo, home, baseUrl: server.baseUrl('/tui') });

    // SessionStart registered a session as the UI came up, before any prompt.
    const session = await waitFor(
      "the SessionStart hook's session",
      () =>
        ws.coord(['status', '--json']).json.sessions.find((s: any) => s.kind === 'agent' && s.state === 'active')
          ?.id as string | undefined,
    );
    await tui.waitForScreen('the prompt box', /bypass permissions on/);
    const lead = ws.coord(['start', '--name', 'lead', '--kind', 'human', '--json']).json.session.id as string;
    assert.equal(
      ws.coord(['send', session, 'before you start', 'the cart moved to src/cart'], { session: lead }).code,
      0,
    );
    await tui.submit('Work on the cart (issue 9).');

    const first = await waitFor('the first model request', () => mainLoopRequests(server.requestsOf('/tui'))[0]);
    assert.equal(greetedSession(first), session, "the greeting names the hook's session");
    assert.match(
      messagesText(first.body),
      /before you start[\s\S]*the cart moved to src\/cart/,
      'UserPromptSubmit delivered it',
    );

    const second = await waitFor(
      'the request after the MCP claim',
      () => mainLoopRequests(server.requestsOf('/tui'))[1],
    );
    const claim = lastToolResult(second);
    assert.equal(claim.isError, false, claim.text);
    assert.match(claim.text, new RegExp(`"holder":"${session}"`));

    assert.equal(ws.coord(['send', session, 'mid-turn news', 'tests are red on main'], { session: lead }).code, 0);
    writeFileSync(go, '');
    const third = await waitFor(
      'the request after the Bash tool',
      () => mainLoopRequests(server.requestsOf('/tui'))[2],
    );
    assert.match(messagesText(third.body), /mid-turn news[\s\S]*tests are red on main/, 'PostToolUse delivered it');
    assert.doesNotMatch(messagesText(second.body), /mid-turn news/);

    // After its last tool call, before its turn ends: an urgent message, which the Stop hook hands over once.
    assert.equal(
      ws.coord(['send', session, 'stop the deploy', 'answer me first', '--priority', 'high'], { session: lead }).code,
      0,
    );
    beforeStop.open();
    const fourth = await waitFor(
      'the request after the Stop hook',
      () => mainLoopRequests(server.requestsOf('/tui'))[3],
    );
    assert.match(
      messagesText(fourth.body),
      new RegExp(`Stop hook feedback:\\n\\[coord\\] 1 new message for session ${session}[^]*stop the deploy`),
    );
    assert.doesNotMatch(messagesText(third.body), /stop the deploy/);
    await tui.waitForScreen('the end of the turn', /Told the lead the deploy is stopped/);
    assert.equal(mainLoopRequests(server.requestsOf('/tui')).length, 4, 'held at Stop once');

    await tui.submit('/exit');
    await waitFor('the UI to exit', () => tui!.exited(), 30_000);
    const status = ws.coord(['status', '--json']).json;
    assert.deepEqual(
      status.sessions.filter((s: any) => s.kind === 'agent').map((s: any) => [s.id, s.state]),
      [[session, 'ended']],
    );
    assert.deepEqual(status.claims, []);
    assert.deepEqual(
      server.unrouted.map((r) => `${r.method} ${r.path}`),
      [],
    );
  });
});
