import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { agentTools } from '../../src/agentTools/toolList';
import { toolJsonSchema } from '../../src/agentTools/toolJsonSchema';
import { cliPath, coordSync } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/** A real MCP client (the SDK's) talking to a real `node dist/cli.js mcp` process over stdio. */
async function connect(cwd: string, env: Record<string, string> = {}): Promise<{ client: Client; transport: StdioClientTransport }> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'COORD_SESSION' && k !== 'COORD_ROOT') base[k] = v;
  const transport = new StdioClientTransport({ command: process.execPath, args: [cliPath, 'mcp'], cwd, env: { ...base, ...env }, stderr: 'pipe' });
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult & { structuredContent: any }> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent: any };
}

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

describe('coord mcp: an MCP client drives a session through the real server', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => void;
  let alpha: Client;
  let beta: Client;
  let alphaId = '';
  let betaId = '';
  const clients: Client[] = [];

  before(async () => {
    ({ dir, cleanup } = makeTempDir('coord-mcp-'));
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
    alpha = (await connect(dir)).client;
    beta = (await connect(dir)).client;
    clients.push(alpha, beta);
  });
  after(async () => {
    for (const c of clients) await c.close().catch(() => {});
    cleanup();
  });

  it('lists the ten tools with the shared definitions\' input schemas', async () => {
    const { tools } = await alpha.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['claim', 'claim_next_work', 'heartbeat', 'inbox', 'read', 'register', 'release', 'renew', 'send', 'status']);
    for (const tool of agentTools) {
      const listed = tools.find((t) => t.name === tool.name)!;
      assert.deepEqual(listed.inputSchema, toolJsonSchema(tool), tool.name);
      assert.equal(listed.description, tool.description);
      assert.equal(listed.annotations?.readOnlyHint, !tool.mutating, tool.name);
    }
    const claim = tools.find((t) => t.name === 'claim')!;
    assert.deepEqual(claim.inputSchema.required, ['type', 'name']);
    assert.equal((claim.inputSchema.properties as any).ttl.type, 'string');
  });

  it('a call that needs a session before register says to register first', async () => {
    const result = await call(alpha, 'claim', { type: 'issue', name: '42' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /no session yet[\s\S]*register/);
    assert.deepEqual(result.structuredContent.error.remedy, { action: 'register-session' });
  });

  it('register makes a session and the server acts as it; a second register returns the same one', async () => {
    const first = await call(alpha, 'register', { name: 'alpha', role: 'backend' });
    assert.equal(first.isError, undefined, textOf(first));
    alphaId = first.structuredContent.session.id;
    assert.match(alphaId, /^alpha-/);
    assert.equal(first.structuredContent.session.kind, 'agent');
    assert.ok(existsSync(join(dir, 'docs/coordination/sessions', `${alphaId}.json`)));
    const again = await call(alpha, 'register', { name: 'other' });
    assert.equal(again.structuredContent.session.id, alphaId);
    assert.equal(again.structuredContent.existing, true);
    betaId = (await call(beta, 'register', { name: 'beta' })).structuredContent.session.id;
    assert.notEqual(betaId, alphaId);
  });

  it('claim takes the lease; another session\'s claim is refused with the holder and until when', async () => {
    const taken = await call(alpha, 'claim', { type: 'issue', name: '42', reason: 'fix login', ttl: '1h' });
    assert.equal(taken.isError, undefined, textOf(taken));
    assert.equal(taken.structuredContent.outcome, 'acquired');
    assert.equal(taken.structuredContent.claim.holder, alphaId);
    const onDisk = JSON.parse(readFileSync(join(dir, 'docs/coordination/claims/issue/42.json'), 'utf8'));
    assert.equal(onDisk.holder, alphaId);

    const refused = await call(beta, 'claim', { type: 'issue', name: '42' });
    assert.equal(refused.isError, true);
    const error = refused.structuredContent.error;
    assert.equal(error.code, 'refused');
    assert.equal(error.details.holder, alphaId);
    assert.equal(error.details.expiresAt, taken.structuredContent.expiresAt);
    assert.ok(error.hint);
    assert.deepEqual(error.remedy, { action: 'ask-holder', holder: alphaId }, 'the same remedy as the CLI\'s --json');
    assert.match(textOf(refused), new RegExp(`held by ${alphaId}[\\s\\S]*What to do:[\\s\\S]*"holder":"${alphaId}"`));
  });

  it('heartbeat records what the session does and renews its claims', async () => {
    const beat = await call(alpha, 'heartbeat', { action: 'editing', target: 'src/auth.ts', phase: 'implement', progress: 40 });
    assert.equal(beat.isError, undefined, textOf(beat));
    assert.deepEqual(beat.structuredContent.renewed, ['issue/42']);
    const session = JSON.parse(readFileSync(join(dir, 'docs/coordination/sessions', `${alphaId}.json`), 'utf8'));
    assert.deepEqual(session.heartbeat, { action: 'editing', target: 'src/auth.ts', phase: 'implement', progress: 40 });
  });

  it('send reaches the other session; its inbox lists it unread, read shows it and marks it read', async () => {
    const sent = await call(alpha, 'send', { to: betaId, subject: 'issue 42', body: 'I have the login fix; take issue 43?', priority: 'high' });
    assert.equal(sent.isError, undefined, textOf(sent));
    const id = sent.structuredContent.message.id;
    const unread = await call(beta, 'inbox', { unread: true });
    assert.equal(unread.structuredContent.unread, 1);
    assert.equal(unread.structuredContent.messages[0].id, id);
    assert.equal(unread.structuredContent.messages[0].from, alphaId);
    const read = await call(beta, 'read', { id });
    assert.equal(read.structuredContent.message.body, 'I have the login fix; take issue 43?');
    assert.match(textOf(read), /take issue 43/);
    assert.equal((await call(beta, 'inbox', { unread: true })).structuredContent.messages.length, 0);
  });

  it('claim_next_work claims the best ready item, and says so when none is left', async () => {
    const added = coordSync(['work', 'add', 'write the docs', '--priority', '80', '--json'], { cwd: dir });
    assert.equal(added.code, 0, added.stderr);
    const next = await call(alpha, 'claim_next_work');
    assert.equal(next.isError, undefined, textOf(next));
    assert.equal(next.structuredContent.item.id, added.json.item.id);
    assert.deepEqual(next.structuredContent.claim, { type: 'work', name: added.json.item.id });
    assert.equal(JSON.parse(readFileSync(join(dir, 'docs/coordination/claims/work', `${added.json.item.id}.json`), 'utf8')).holder, alphaId);
    const none = await call(beta, 'claim_next_work');
    assert.equal(none.isError, undefined);
    assert.equal(none.structuredContent.item, null);
  });

  it('renew changes the lease; release frees it for the other session', async () => {
    const renewed = await call(alpha, 'renew', { type: 'issue', name: '42', ttl: '30m' });
    assert.equal(renewed.isError, undefined, textOf(renewed));
    assert.equal(renewed.structuredContent.claim.ttl, 1800);
    const released = await call(alpha, 'release', { type: 'issue', name: '42' });
    assert.equal(released.isError, undefined, textOf(released));
    assert.equal(released.structuredContent.released.name, '42');
    const now = await call(beta, 'claim', { type: 'issue', name: '42' });
    assert.equal(now.structuredContent.claim.holder, betaId);
  });

  it('status shows the caller, the sessions and the claims', async () => {
    const status = await call(alpha, 'status');
    assert.equal(status.isError, undefined, textOf(status));
    assert.equal(status.structuredContent.self.id, alphaId);
    assert.deepEqual(status.structuredContent.sessions.map((s: { id: string }) => s.id).sort(), [alphaId, betaId].sort());
    assert.ok(status.structuredContent.claims.some((c: { holder: string; name: string }) => c.holder === betaId && c.name === '42'));
    assert.match(textOf(status), new RegExp(`You: ${alphaId}`));
  });

  it('a tool call keeps the session alive: it beats when a beat is due, keeping what the last one said', async () => {
    const file = join(dir, 'docs', 'coordination', 'sessions', `${alphaId}.json`);
    const before = JSON.parse(readFileSync(file, 'utf8'));
    // Age the last beat past half the interval, as time passing would.
    writeFileSync(file, `${JSON.stringify({ ...before, heartbeatAt: new Date(Date.now() - 45_000).toISOString() }, null, 2)}\n`);
    await call(alpha, 'inbox');
    const after = JSON.parse(readFileSync(file, 'utf8'));
    assert.ok(Date.now() - Date.parse(after.heartbeatAt) < 10_000, `beat: ${after.heartbeatAt}`);
    assert.deepEqual(after.heartbeat, before.heartbeat);
    await call(alpha, 'status');
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).beats, after.beats, 'not again within half an interval');
  });

  it('bad input is an isError result naming what is wrong, and the server goes on', async () => {
    const missing = await call(alpha, 'claim', { type: 'issue' });
    assert.equal(missing.isError, true);
    assert.match(missing.structuredContent.error.message, /claim: missing name/);
    const wrongType = await call(alpha, 'heartbeat', { progress: 'half' });
    assert.match(wrongType.structuredContent.error.message, /progress should be/);
    const unknown = await call(alpha, 'release', { type: 'issue', name: '42', bogus: true });
    assert.match(unknown.structuredContent.error.message, /unknown fields bogus/);
    const notSlug = await call(alpha, 'claim', { type: 'Issue!', name: '1' });
    assert.equal(notSlug.structuredContent.error.code, 'usage');
    assert.match(notSlug.structuredContent.error.message, /Issue!/);
    const gone = await call(alpha, 'send', { to: 'nobody-x', subject: 's', body: 'b' });
    assert.equal(gone.isError, true);
    assert.match(textOf(gone), /nobody-x/);
    await assert.rejects(alpha.callTool({ name: 'no_such_tool', arguments: {} }), /unknown tool "no_such_tool"/);
    assert.equal((await call(alpha, 'status')).isError, undefined);
  });

  it('a server launched with COORD_SESSION acts as it; register { session } resumes one after a restart', async () => {
    const launched = (await connect(dir, { COORD_SESSION: alphaId })).client;
    clients.push(launched);
    assert.equal((await call(launched, 'status')).structuredContent.self.id, alphaId);
    const fresh = (await connect(dir)).client;
    clients.push(fresh);
    const resumed = await call(fresh, 'register', { session: betaId });
    assert.equal(resumed.structuredContent.resumed, true);
    assert.equal((await call(fresh, 'heartbeat', {})).structuredContent.session.id, betaId);
    const explicit = await call(fresh, 'inbox', { session: alphaId });
    assert.equal(explicit.isError, undefined, textOf(explicit));
  });

  it('when the client disconnects the server exits and leaves the session alive (not ended)', async () => {
    const { client, transport } = await connect(dir);
    const id = (await call(client, 'register', { name: 'leaver' })).structuredContent.session.id;
    const pid = transport.pid!;
    await client.close();
    const deadline = Date.now() + 10_000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(isRunning(pid), false, 'the server process exits when its client goes');
    const session = JSON.parse(readFileSync(join(dir, 'docs/coordination/sessions', `${id}.json`), 'utf8'));
    assert.equal(session.endedAt, undefined);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
