import assert from 'node:assert/strict';
import { AgentWorkspace } from './lib/agentWorkspace';
import { killClaudeAgents, runClaudePrint } from './lib/claudeAgent';
import { readmeClaudeMcpJson, readmeClaudeSettings } from './lib/readmeConfig';
import { ScriptedModelServer } from './lib/scriptedModelServer';
import { anthropicMessages, mainLoopRequests, toolResultsOf } from './models/anthropicMessages';

/** The JSON a coord tool answered, as the model received it (Claude Code hands over the structured result). */
function structured(text: string): any {
  const start = text.indexOf('{');
  if (start < 0) throw new Error(`no JSON in the tool result the model received: ${text.slice(0, 500)}`);
  return JSON.parse(text.slice(start));
}

/**
 * A real Claude Code works a queue through coord's MCP tools alone — `claim_next_work`, then `complete_work` for
 * the item it was given — until nothing is ready. Done is not release: an item completed leaves the queue for
 * good, so a second look finds nothing (a release would have put it back for the next agent).
 */
describe('Claude Code (real, print mode) works a queue through the MCP work tools', function () {
  this.timeout(180_000);
  let ws: AgentWorkspace;
  let server: ScriptedModelServer;
  afterEach(async function () {
    await killClaudeAgents();
    if (this.currentTest?.state === 'failed')
      console.error(`      the model's requests: ${server.saveRequests('work')}`);
    await server?.close();
    ws?.cleanup();
  });

  it('claim_next_work and complete_work: each item done once by it, then nothing ready', async () => {
    ws = AgentWorkspace.create();
    ws.writeFile('.claude/settings.json', readmeClaudeSettings());
    ws.writeFile('.mcp.json', readmeClaudeMcpJson());
    ws.commitAll('agents: Claude Code hooks and MCP server, as the README says');
    const items = ['fix the cart', 'write the changelog'].map(
      (title) => ws.coord(['work', 'add', title, '--json']).json.item.id as string,
    );
    server = await ScriptedModelServer.start();
    server.mount(
      '/work',
      anthropicMessages((turn) => {
        const last = turn.toolResults.at(-1);
        // A bound, so that a queue that never empties (an item put back) ends the turn and fails on what it did.
        if (turn.step > 8) return { text: 'Giving up on the queue.' };
        if (!last || last.name === 'mcp__coord__complete_work') {
          return { toolUses: [{ name: 'mcp__coord__claim_next_work', input: {} }] };
        }
        const next = structured(last.text);
        if (next.outcome !== 'claimed') return { text: 'The queue is empty.' };
        return { toolUses: [{ name: 'mcp__coord__complete_work', input: { id: next.item.id } }] };
      }),
    );
    const run = await runClaudePrint({
      ws,
      cwd: ws.repo,
      home: ws.agentHome('work'),
      baseUrl: server.baseUrl('/work'),
      prompt: 'Work the queue until it is empty.',
    });
    assert.equal(run.code, 0, run.stderr);

    // What the model received: two items claimed then completed, then nothing ready — all as the hook's session.
    const requests = mainLoopRequests(server.requestsOf('/work'));
    const results = toolResultsOf(requests.at(-1)!.body).map((r) => ({ name: r.name, json: structured(r.text) }));
    const session = results[0]?.json.holder as string;
    assert.match(session ?? '', /^claude-/, 'the claim is the hook-registered session');
    assert.deepEqual(
      results.map((r) => [r.name.replace('mcp__coord__', ''), r.json.outcome]),
      [
        ['claim_next_work', 'claimed'],
        ['complete_work', 'done'],
        ['claim_next_work', 'claimed'],
        ['complete_work', 'done'],
        ['claim_next_work', 'nothing-ready'],
      ],
    );
    assert.deepEqual(
      results
        .map((r) => r.json.item?.id)
        .filter(Boolean)
        .sort(),
      [...items, ...items].sort(),
    );
    assert.match(results[0]!.json.next, /complete_work/, 'the claim tells the agent to complete, not release');

    // coord's records: both done by that session, no claim left, nothing back in the queue.
    const list = ws.coord(['work', 'list', '--json']).json;
    assert.deepEqual(
      list.items.map((i: any) => [i.id, i.state, i.doneBy]).sort(),
      items.map((id) => [id, 'done', session]).sort(),
    );
    assert.deepEqual(ws.coord(['claims', '--json']).json.claims, []);
  });
});
