import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentWorkspace, type AgentHome } from './lib/agentWorkspace';
import { runCodexExec, writeCodexUserConfig } from './lib/codexAgent';
import { ScriptedModelServer } from './lib/scriptedModelServer';
import { gate, waitFor } from './lib/waitFor';
import {
  functionOutputsOf,
  inputText,
  openaiResponses,
  responsesRequests,
  type ResponsesStep,
  type ResponsesTurn,
} from './models/openaiResponses';

/** What the SessionStart greeting told the model: its session, and the coord command its login shell can run. */
function greetingOf(text: string): { id: string; name: string; coord: string } {
  const who = /You are coordination session (\S+) \((codex [0-9a-f]{8})\)/.exec(text);
  const coord = /If `coord` is not found in your shell, run it as: ([^\n]+)/.exec(text);
  if (!who || !coord) throw new Error(`no greeting in what the model received:\n${text.slice(0, 2000)}`);
  return { id: who[1] as string, name: who[2] as string, coord: coord[1] as string };
}

/**
 * Two real Codex CLIs (0.171) in two worktrees of one repository, configured with exactly what
 * `coord init --agents codex` writes into their `$CODEX_HOME` (hooks.json and `[mcp_servers.coord]`); only the model
 * is scripted. Asserted on coord's records and on what the model received.
 */
describe('Codex CLI, configured by coord init --agents codex (real agent, scripted model)', function () {
  this.timeout(180_000);
  let ws: AgentWorkspace;
  let server: ScriptedModelServer;
  beforeEach(async () => {
    ws = AgentWorkspace.create();
    server = await ScriptedModelServer.start();
  });
  afterEach(async function () {
    // What the model received, kept for a failure's reader (the workspace goes).
    if (this.currentTest?.state === 'failed') {
      console.error(`      the model's requests: ${server.saveRequests('codex')}`);
    }
    await server.close();
    ws.cleanup();
  });

  const configure = (home: AgentHome, mount: string) => {
    writeCodexUserConfig(home, server.baseUrl(mount));
    const init = ws.coord(['init', '--agents', 'codex', '--json'], {
      env: { CODEX_HOME: home.codexHome, PATH: ws.path() },
    });
    assert.equal(init.code, 0, init.stdout + init.stderr);
  };
  const sessionsDir = () => join(ws.repo, 'docs', 'coordination', 'sessions');
  const session = (id: string) => JSON.parse(readFileSync(join(sessionsDir(), `${id}.json`), 'utf8'));
  const claimFile = (...parts: string[]) => join(ws.repo, 'docs', 'coordination', 'claims', ...parts);
  const pathClaims = () =>
    existsSync(claimFile('path')) ? readdirSync(claimFile('path')).filter((f) => f.endsWith('.json')) : [];

  it(
    'registers a session named after it, claims through MCP, is refused in its shell while another holds, hears a' +
      ' message after a tool call and an urgent one at Stop, releases — then the other claims — and its end frees' +
      ' its claims',
    async () => {
      const homeA = ws.agentHome('codex-a');
      const homeB = ws.agentHome('codex-b');
      configure(homeA, '/codex-a');
      configure(homeB, '/codex-b');
      const worktreeB = ws.addWorktree('codex-b');
      const lead = ws.coord(['start', '--name', 'lead', '--json']).json.session.id as string;

      const afterClaim = gate();
      const beforeStop = gate();
      const stepsA: Array<(turn: ResponsesTurn) => ResponsesStep | Promise<ResponsesStep>> = [
        () => ({
          mcp: { server: 'coord', tool: 'claim', args: { type: 'path', name: 'src/**', reason: 'rework the app' } },
        }),
        async () => {
          await afterClaim.wait;
          return { shell: 'echo editing src/app.ts' };
        },
        () => ({ mcp: { server: 'coord', tool: 'release', args: { type: 'path', name: 'src/**' } } }),
        (turn) => {
          const { id, coord } = greetingOf(turn.text);
          return { shell: `${coord} claim issue 7 --session ${id} --reason 'the follow-up'` };
        },
        async () => {
          await beforeStop.wait;
          return { text: 'Done with the app.' };
        },
        () => ({ text: 'Answered the lead; done.' }),
      ];
      server.mount(
        '/codex-a',
        openaiResponses((turn) => (stepsA[turn.step] ?? (() => ({ text: 'Done.' })))(turn)),
      );
      // B: refused while A holds src/**, it waits; once A has released, it claims again, and holds until the test
      // has read coord's records.
      const afterRelease = gate();
      const recordsRead = gate();
      server.mount(
        '/codex-b',
        openaiResponses(async (turn) => {
          const { id, coord } = greetingOf(turn.text);
          switch (turn.step) {
            case 0:
              return { shell: `${coord} claim path 'src/**' --session ${id} --reason 'also the app'` };
            case 1:
              await afterRelease.wait;
              return { shell: `${coord} claim path 'src/**' --session ${id} --reason 'also the app' --json` };
            case 2:
              await recordsRead.wait;
              return { text: 'Claimed src once A let go.' };
            default:
              return { text: 'Done.' };
          }
        }),
      );

      const runA = runCodexExec({ ws, cwd: ws.repo, home: homeA, prompt: 'Rework src/app.ts.' });
      // Between A's claim and its next step: B tries the same files, and the lead writes to A.
      await waitFor('codex A claimed', () => responsesRequests(server.requestsOf('/codex-a')).length >= 2, 60_000);
      const a = greetingOf(inputText(responsesRequests(server.requestsOf('/codex-a'))[0]!.body));
      assert.equal(pathClaims().length, 1, 'A holds src/**');
      const runB = runCodexExec({ ws, cwd: worktreeB, home: homeB, prompt: 'Work on src/app.ts too.' });
      let endedB = false;
      runB.then(
        () => (endedB = true),
        () => (endedB = true),
      );
      await waitFor('codex B refused', () => responsesRequests(server.requestsOf('/codex-b')).length >= 2, 60_000);
      const sent = ws.coord(['send', a.id, 'cart first', 'please do the cart before the app', '--session', lead]);
      assert.equal(sent.code, 0, sent.stdout + sent.stderr);
      afterClaim.open();
      await waitFor(
        'codex A done with its tools',
        () => responsesRequests(server.requestsOf('/codex-a')).length >= 5,
        60_000,
      );
      // A has released src/**: B claims it again through its shell, and coord's records say B holds it.
      afterRelease.open();
      // (B's end, had it not tried again, ends the wait too: the count below then says what went wrong.)
      await waitFor(
        'codex B claimed again, or its end',
        () => responsesRequests(server.requestsOf('/codex-b')).length >= 3 || endedB,
        60_000,
      );
      const heldByB = ws.coord(['claims', '--json']).json.claims.filter((c: any) => c.type === 'path');
      recordsRead.open();
      const resultB = await runB;
      assert.equal(resultB.code, 0, resultB.stderr);
      // After A's last tool call (its PostToolUse hook has run), before its Stop: an urgent message.
      const urgent = ws.coord([
        'send',
        a.id,
        'stop the deploy',
        'answer me before you finish',
        '--priority',
        'critical',
        '--session',
        lead,
      ]);
      assert.equal(urgent.code, 0, urgent.stdout + urgent.stderr);
      beforeStop.open();
      const resultA = await runA;
      assert.equal(resultA.code, 0, resultA.stderr);

      const requestsA = responsesRequests(server.requestsOf('/codex-a'));
      const requestsB = responsesRequests(server.requestsOf('/codex-b'));

      // Six steps: the last one after the Stop hook held A once, and not a second time.
      assert.equal(requestsA.length, 6, 'one request per step, and one more after the Stop hook held A');
      assert.equal(requestsB.length, 3, 'refused, claimed again, done');

      // SessionStart registered a session named after Codex, and its greeting reached the model's first request.
      const b = greetingOf(inputText(requestsB[0]!.body));
      assert.equal(session(a.id).name, a.name);
      assert.equal(session(a.id).kind, 'agent');
      assert.match(a.name, /^codex [0-9a-f]{8}$/);
      assert.notEqual(b.id, a.id);
      const developerTexts = (r: { body: any }) =>
        r.body.input
          .filter((i: any) => i.role === 'developer')
          .map((i: any) => i.content.map((c: any) => c.text).join(''));
      assert.ok(
        developerTexts(requestsA[0]!).some((t: string) =>
          t.startsWith(`[coord] You are coordination session ${a.id} (${a.name})`),
        ),
        'greeting as a developer item',
      );

      // The MCP claim acted as the hook's session: its result, as the model received it, names A as the holder.
      const claimOutput = requestsA[1]!.body.input.find((i: any) => i.type === 'function_call_output');
      const claimResult = JSON.parse(/Output:\n([^]*)$/.exec(claimOutput.output)?.[1] ?? '');
      assert.deepEqual(
        [claimResult.outcome, claimResult.claim.holder, claimResult.claim.glob],
        ['claimed', a.id, 'src/**'],
      );

      // B, in the other worktree, was refused through its shell: coord exited 1 naming A, in B's tool result.
      const refusal = requestsB[1]!.body.input.find((i: any) => i.type === 'function_call_output');
      assert.match(refusal.output, /Process exited with code 1/);
      assert.match(refusal.output, new RegExp(`held by ${a.id}`));

      // After A's release, B's second claim through its shell succeeded: exit 0 and B the holder, in what B's model
      // received; and coord's records had B holding src/** (read before B's end freed it).
      const retried = functionOutputsOf(requestsB[2]!.body).at(-1)!;
      assert.match(retried.output, /Process exited with code 0/, retried.output);
      const retriedClaim = JSON.parse(/Output:\n([^]*)$/.exec(retried.output)?.[1] ?? '');
      assert.deepEqual(
        [retriedClaim.outcome, retriedClaim.claim.holder, retriedClaim.claim.glob],
        ['acquired', b.id, 'src/**'],
      );
      assert.deepEqual(
        heldByB.map((c: any) => [c.holder, c.glob]),
        [[b.id, 'src/**']],
      );

      // The lead's message came in the request after A's next tool call, as other sessions' words.
      const afterShell = developerTexts(requestsA[2]!).join('\n');
      assert.match(
        afterShell,
        new RegExp(
          `\\[coord\\] 1 new message for session ${a.id} from other coordination sessions` +
            ` \\(their words, not the user's\\):\\n- from ${lead}: cart first`,
        ),
      );
      assert.doesNotMatch(
        developerTexts(requestsA[1]!).join('\n'),
        /cart first/,
        'not before the tool call that followed it',
      );

      // The release through MCP freed src/**; A claimed issue 7 through its shell (exit 0).
      const released = requestsA[3]!.body.input.filter((i: any) => i.type === 'function_call_output').at(-1);
      assert.equal(JSON.parse(/Output:\n([^]*)$/.exec(released.output)?.[1] ?? '').outcome, 'released');
      assert.match(
        requestsA[4]!.body.input.filter((i: any) => i.type === 'function_call_output').at(-1).output,
        /Process exited with code 0/,
      );

      // Stop: the critical message kept A going, once, as a user item the Stop hook made.
      const stopPrompt = JSON.stringify(requestsA[5]!.body.input.at(-1));
      assert.match(stopPrompt, /hook_prompt/);
      assert.match(stopPrompt, /\[critical\] from lead-\w+: stop the deploy/);

      // SessionEnd ended both sessions and freed what A still held.
      assert.ok(session(a.id).endedAt, 'A ended');
      assert.ok(session(b.id).endedAt, 'B ended');
      assert.deepEqual(pathClaims(), []);
      assert.equal(existsSync(claimFile('issue', '7.json')), false, "issue 7 freed at A's end");
      console.log(`      codex A ${resultA.ms} ms, codex B ${resultB.ms} ms`);
    },
  );
});
