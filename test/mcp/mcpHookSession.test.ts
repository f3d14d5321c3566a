import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cliPath, coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/**
 * The MCP server an agent starts acts as the session that agent's hooks registered. This test process plays the
 * agent as Claude Code, Codex and Gemini CLI are one: it runs the hooks through `sh -c` and starts the MCP server as
 * its own child (real processes throughout). No tool call below passes `session` unless it says so.
 */
describe("coord mcp: acts as the session the agent's hooks registered", function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => void;
  const clients: Client[] = [];

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir('coord-mcp-hook-'));
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => {});
    cleanup();
  });

  function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !k.startsWith('COORD_') && !k.startsWith('CLAUDE')) env[k] = v;
    }
    return { ...env, ...extra };
  }

  async function startMcp(env: Record<string, string> = {}): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cliPath, 'mcp'],
      cwd: dir,
      env: cleanEnv(env),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'agent-under-test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  /** A hook as an agent runs it: a command line through `sh -c`, the event's JSON on stdin. */
  function hookViaShell(event: string, agentSession: string): { code: number | null; stdout: string; stderr: string } {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} hook --format claude --register`;
    const run = spawnSync('/bin/sh', ['-c', command], {
      cwd: dir,
      env: cleanEnv(),
      encoding: 'utf8',
      input: JSON.stringify({ session_id: agentSession, hook_event_name: event, cwd: dir }),
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  async function call(
    client: Client,
    name: string,
    args: Record<string, unknown> = {},
  ): Promise<CallToolResult & { structuredContent: any }> {
    return (await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent: any };
  }
  const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  const sessions = () =>
    readdirSync(join(dir, 'docs/coordination/sessions')).map((f) =>
      JSON.parse(readFileSync(join(dir, 'docs/coordination/sessions', f), 'utf8')),
    );

  it("a server started before the SessionStart hook claims as the hook's session; register returns it", async () => {
    const mcp = await startMcp();
    const before = await call(mcp, 'claim', { type: 'issue', name: '1' });
    assert.equal(before.isError, true, 'no hook has registered yet: nobody to act as');
    const start = hookViaShell('SessionStart', 'agent-aaaa-1111');
    assert.equal(start.code, 0, start.stderr);
    const id = sessions()[0].id as string;
    assert.match(JSON.parse(start.stdout).hookSpecificOutput.additionalContext, /MCP tools act as it/);

    const claim = await call(mcp, 'claim', { type: 'issue', name: '1' });
    assert.equal(claim.isError, undefined, textOf(claim));
    assert.equal(claim.structuredContent.claim.holder, id);
    assert.equal((await call(mcp, 'status')).structuredContent.self.id, id);
    const register = await call(mcp, 'register', { name: 'would-be-second' });
    assert.equal(register.structuredContent.session.id, id, 'register returns the live session the hooks made');
    assert.deepEqual(
      sessions().map((s) => s.id),
      [id],
    );
  });

  it('`session` still overrides; a session ended by SessionEnd is not acted as; a new registration is', async () => {
    const mcp = await startMcp();
    assert.equal(hookViaShell('SessionStart', 'agent-bbbb-2222').code, 0);
    const first = sessions()[0].id as string;
    const other = startSessionCli(dir, 'other');
    const explicit = await call(mcp, 'heartbeat', { action: 'helping', session: other });
    assert.equal(explicit.structuredContent.session.id, other);

    assert.equal(hookViaShell('SessionEnd', 'agent-bbbb-2222').code, 0);
    const ended = await call(mcp, 'claim', { type: 'issue', name: '2' });
    assert.equal(ended.isError, true, "the hooks' session ended: not acted as");
    assert.match(textOf(ended), /no session yet/);

    // As Claude Code's /clear: the same agent process starts a new agent session, and its hook registers it.
    assert.equal(hookViaShell('SessionStart', 'agent-bbbb-3333').code, 0);
    const second = sessions().find((s) => s.id !== first && s.id !== other)!.id as string;
    const claim = await call(mcp, 'claim', { type: 'issue', name: '2' });
    assert.equal(claim.structuredContent.claim.holder, second);
  });

  it('finds it by CLAUDE_CODE_SESSION_ID in its environment when the hook ran under another process', async () => {
    // The hook runs under an intermediate process that has gone since: the process link cannot match this server.
    const input = JSON.stringify({ session_id: 'agent-cccc-4444', hook_event_name: 'SessionStart' });
    const command = [
      "require('node:child_process').execFileSync(process.execPath,",
      `[${JSON.stringify(cliPath)}, 'hook', '--format', 'claude', '--register'],`,
      `{ input: ${JSON.stringify(input)}, stdio: ['pipe', 'ignore', 'inherit'] })`,
    ].join(' ');
    const run = spawnSync(process.execPath, ['-e', command], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const id = sessions()[0].id as string;
    const unlinked = await startMcp();
    assert.equal((await call(unlinked, 'claim', { type: 'issue', name: '3' })).isError, true);
    const mcp = await startMcp({ CLAUDE_CODE_SESSION_ID: 'agent-cccc-4444' });
    const claim = await call(mcp, 'claim', { type: 'issue', name: '3' });
    assert.equal(claim.structuredContent.claim.holder, id, textOf(claim));
  });
});
