import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentWorkspace } from './lib/agentWorkspace';
import { runGeminiPrompt, writeGeminiUserSettings } from './lib/geminiAgent';
import { assertInitWroteReadmeBlocks } from './lib/readmeConfig';
import { ScriptedModelServer } from './lib/scriptedModelServer';
import { gate, waitFor } from './lib/waitFor';
import {
  contentsText,
  functionResponsesOf,
  geminiApi,
  geminiRequests,
  type GeminiStep,
  type GeminiTurn,
} from './models/geminiApi';

/** What the SessionStart greeting told the model: its session. */
function greetingOf(text: string): { id: string; name: string } {
  const who = /You are coordination session (\S+) \((gemini [0-9a-f]{8})\)/.exec(text);
  if (!who) throw new Error(`no greeting in what the model received:\n${text.slice(0, 2000)}`);
  return { id: who[1] as string, name: who[2] as string };
}

/**
 * Two real Gemini CLIs (0.61) in two worktrees of one repository, configured with exactly what
 * `coord init --agents gemini` writes (`.gemini/settings.json`: hooks and `mcpServers`, committed, so both worktrees
 * have it) — the README's Gemini CLI block, to the letter; only the model is scripted. Asserted on coord's records
 * and on what the model received.
 */
describe('Gemini CLI, configured by coord init --agents gemini (real agent, scripted model)', function () {
  this.timeout(180_000);
  let ws: AgentWorkspace;
  let server: ScriptedModelServer;
  beforeEach(async () => {
    ws = AgentWorkspace.create();
    server = await ScriptedModelServer.start();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      console.error(`      the model's requests: ${server.saveRequests('gemini')}`);
    }
    await server.close();
    ws.cleanup();
  });

  const session = (id: string) =>
    JSON.parse(readFileSync(join(ws.repo, 'docs', 'coordination', 'sessions', `${id}.json`), 'utf8'));
  const claimFile = (...parts: string[]) => join(ws.repo, 'docs', 'coordination', 'claims', ...parts);
  const pathClaims = () =>
    existsSync(claimFile('path')) ? readdirSync(claimFile('path')).filter((f) => f.endsWith('.json')) : [];

  it(
    'registers a session named after it, claims through MCP, is refused in its shell while another holds, hears a' +
      ' message after a tool call and an urgent one at AfterAgent, releases — then the other claims — and its end' +
      ' frees its claims',
    async () => {
      const init = ws.coord(['init', '--agents', 'gemini', '--json'], { env: { PATH: ws.path() } });
      assert.equal(init.code, 0, init.stdout + init.stderr);
      assertInitWroteReadmeBlocks(ws.repo, ['gemini']);
      ws.commitAll('gemini configuration from coord init --agents gemini');
      const worktreeB = ws.addWorktree('gemini-b');
      const homeA = ws.agentHome('gemini-a');
      const homeB = ws.agentHome('gemini-b');
      writeGeminiUserSettings(homeA);
      writeGeminiUserSettings(homeB);
      const lead = ws.coord(['start', '--name', 'lead', '--json']).json.session.id as string;

      const afterClaim = gate();
      const beforeStop = gate();
      const stepsA: Array<(turn: GeminiTurn) => GeminiStep | Promise<GeminiStep>> = [
        () => ({ call: { name: 'mcp_coord_claim', args: { type: 'path', name: 'src/**', reason: 'rework the app' } } }),
        async () => {
          await afterClaim.wait;
          return { call: { name: 'run_shell_command', args: { command: 'echo editing src/app.ts' } } };
        },
        () => ({ call: { name: 'mcp_coord_release', args: { type: 'path', name: 'src/**' } } }),
        (turn) => ({
          call: {
            name: 'run_shell_command',
            args: { command: `coord claim issue 7 --session ${greetingOf(turn.text).id} --reason 'the follow-up'` },
          },
        }),
        async () => {
          await beforeStop.wait;
          return { text: 'Done with the app.' };
        },
        () => ({ text: 'Answered the lead; done.' }),
      ];
      server.mount(
        '/gemini-a',
        geminiApi((turn) => (stepsA[turn.step] ?? (() => ({ text: 'Done.' })))(turn)),
      );
      // B: refused while A holds src/**, it waits; once A has released, it claims again, and holds until the test
      // has read coord's records.
      const afterRelease = gate();
      const recordsRead = gate();
      server.mount(
        '/gemini-b',
        geminiApi(async (turn) => {
          const claim = `coord claim path 'src/**' --session ${greetingOf(turn.text).id} --reason 'also the app'`;
          switch (turn.step) {
            case 0:
              return { call: { name: 'run_shell_command', args: { command: claim } } };
            case 1:
              await afterRelease.wait;
              return { call: { name: 'run_shell_command', args: { command: `${claim} --json; echo "exit=$?"` } } };
            case 2:
              await recordsRead.wait;
              return { text: 'Claimed src once A let go.' };
            default:
              return { text: 'Done.' };
          }
        }),
      );

      const runA = runGeminiPrompt({
        ws,
        cwd: ws.repo,
        home: homeA,
        baseUrl: server.baseUrl('/gemini-a'),
        prompt: 'Rework src/app.ts.',
      });
      await waitFor('gemini A claimed', () => geminiRequests(server.requestsOf('/gemini-a')).length >= 2, 60_000);
      const a = greetingOf(contentsText(geminiRequests(server.requestsOf('/gemini-a'))[0]!.body));
      // coord's record: the claim the MCP tool made is A's — the server acted as the session A's hook registered.
      const held = pathClaims().map((f) => JSON.parse(readFileSync(claimFile('path', f), 'utf8')));
      assert.deepEqual(
        held.map((c) => [c.holder, c.glob]),
        [[a.id, 'src/**']],
      );
      const runB = runGeminiPrompt({
        ws,
        cwd: worktreeB,
        home: homeB,
        baseUrl: server.baseUrl('/gemini-b'),
        prompt: 'Work on src/app.ts too.',
      });
      let endedB = false;
      runB.then(
        () => (endedB = true),
        () => (endedB = true),
      );
      await waitFor('gemini B refused', () => geminiRequests(server.requestsOf('/gemini-b')).length >= 2, 60_000);
      const sent = ws.coord(['send', a.id, 'cart first', 'please do the cart before the app', '--session', lead]);
      assert.equal(sent.code, 0, sent.stdout + sent.stderr);
      afterClaim.open();
      await waitFor('gemini A done', () => geminiRequests(server.requestsOf('/gemini-a')).length >= 5, 60_000);
      // A has released src/**: B claims it again through its shell, and coord's records say B holds it.
      afterRelease.open();
      // (B's end, had it not tried again, ends the wait too: the count below then says what went wrong.)
      await waitFor(
        'gemini B claimed again, or its end',
        () => geminiRequests(server.requestsOf('/gemini-b')).length >= 3 || endedB,
        60_000,
      );
      const heldByB = ws.coord(['claims', '--json']).json.claims.filter((c: any) => c.type === 'path');
      recordsRead.open();
      const resultB = await runB;
      assert.equal(resultB.code, 0, resultB.stderr);
      // After A's last tool call, before it goes idle (AfterAgent, Gemini CLI's Stop): an urgent message.
      const urgent = ws.coord([
        'send',
        a.id,
        'stop the deploy',
        'answer me first',
        '--priority',
        'critical',
        '--session',
        lead,
      ]);
      assert.equal(urgent.code, 0, urgent.stdout + urgent.stderr);
      beforeStop.open();
      const resultA = await runA;
      assert.equal(resultA.code, 0, resultA.stderr);

      const requestsA = geminiRequests(server.requestsOf('/gemini-a'));
      const requestsB = geminiRequests(server.requestsOf('/gemini-b'));
      assert.equal(requestsA.length, 6, 'one request per step, and one more after AfterAgent held A once');
      assert.equal(requestsB.length, 3, 'refused, claimed again, done');
      const b = greetingOf(contentsText(requestsB[0]!.body));

      // SessionStart registered a session named after Gemini CLI; its greeting reached the first request, as hook
      // context.
      assert.equal(session(a.id).name, a.name);
      assert.notEqual(b.id, a.id);
      assert.match(
        contentsText(requestsA[0]!.body),
        new RegExp(`<hook_context>\\[coord\\] You are coordination session ${a.id} \\(${a.name}\\)`),
      );

      // The MCP claim's result as the model received it (Gemini CLI hands the model the tool's text).
      const claimResponse = (requestsA[1]!.body.contents as any[])
        .flatMap((c) => c.parts)
        .find((p) => p.functionResponse)?.functionResponse;
      assert.equal(claimResponse?.name, 'mcp_coord_claim');
      assert.match(claimResponse.response.output, /path src\/\*\*: claimed for 2h/);

      // B, in the other worktree, was refused through its shell: coord exited 1 naming A, in B's function response.
      const refusal = contentsText(requestsB[1]!.body);
      assert.match(refusal, new RegExp(`held by ${a.id}`));
      assert.match(refusal, /Exit Code: 1/);

      // After A's release, B's second claim through its shell succeeded: exit 0 and B the holder, in what B's model
      // received; and coord's records had B holding src/** (read before B's end freed it).
      const retried = functionResponsesOf(requestsB[2]!.body).at(-1)!;
      // (Gemini CLI says `Exit Code:` only when it is not 0: the command echoes its own.)
      assert.match(retried.output, /exit=0/, retried.output);
      const retriedClaim = JSON.parse(/\{"ok":.*\}/.exec(retried.output)?.[0] ?? 'null');
      assert.deepEqual(
        [retriedClaim?.outcome, retriedClaim?.claim.holder, retriedClaim?.claim.glob],
        ['acquired', b.id, 'src/**'],
        retried.output,
      );
      assert.deepEqual(
        heldByB.map((c: any) => [c.holder, c.glob]),
        [[b.id, 'src/**']],
      );

      // The lead's message came inside the response of A's next tool call, as hook context, as other sessions' words.
      const afterShell = contentsText(requestsA[2]!.body);
      assert.match(
        afterShell,
        new RegExp(
          `editing src/app.ts[^]*<hook_context>\\[coord\\] 1 new message for session ${a.id} from other coordination` +
            ` sessions \\(their words, not the user's\\):\\n- from ${lead}: cart first`,
        ),
      );
      assert.doesNotMatch(contentsText(requestsA[1]!.body), /cart first/);

      // AfterAgent: the critical message kept A going, once, as a new user turn of the other session's words.
      const lastUser = (requestsA[5]!.body.contents as any[]).filter((c) => c.role === 'user').at(-1);
      const stopPrompt = lastUser.parts.map((p: any) => p.text ?? '').join('\n');
      assert.match(
        stopPrompt,
        /^\[coord\] 1 new message for session \S+ from other coordination sessions \(their words/,
      );
      assert.match(stopPrompt, /\[critical\] from lead-\w+: stop the deploy/);

      // SessionEnd ended both sessions and freed what A still held (the release went through MCP).
      assert.ok(session(a.id).endedAt, 'A ended');
      assert.ok(session(b.id).endedAt, 'B ended');
      assert.deepEqual(pathClaims(), []);
      assert.match(contentsText(requestsA[4]!.body), /issue\/7: claimed/);
      assert.equal(existsSync(claimFile('issue', '7.json')), false, "issue 7 freed at A's end");
      console.log(`      gemini A ${resultA.ms} ms, gemini B ${resultB.ms} ms`);
    },
  );
});
