import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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
async function connect(
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ client: Client; transport: StdioClientTransport }> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'COORD_SESSION' && k !== 'COORD_ROOT') base[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'mcp'],
    cwd,
    env: { ...base, ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult & { structuredContent: any }> {
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

  it("lists the twelve tools with the shared definitions' input schemas", async () => {
    const { tools } = await alpha.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'claim',
      'claim_next_work',
      'claims_covering',
      'complete_work',
      'heartbeat',
      'inbox',
      'read',
      'register',
      'release',
      'renew',
      'send',
      'status',
    ]);
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
    assert.equal(result.structuredContent.outcome, 'refused');
    assert.match(result.structuredContent.next, /call the register tool/);
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

  it("claim takes the lease; another session's claim is refused with the holder and until when", async () => {
    const taken = await call(alpha, 'claim', { type: 'issue', name: '42', reason: 'fix login', ttl: '1h' });
    assert.equal(taken.isError, undefined, textOf(taken));
    assert.equal(taken.structuredContent.outcome, 'claimed');
    assert.equal(taken.structuredContent.claim.holder, alphaId);
    assert.equal(taken.structuredContent.holder, alphaId);
    assert.match(taken.structuredContent.next, /^work on it; when done, release it \(release tool\)/);
    const onDisk = JSON.parse(readFileSync(join(dir, 'docs/coordination/claims/issue/42.json'), 'utf8'));
    assert.equal(onDisk.holder, alphaId);

    const refused = await call(beta, 'claim', { type: 'issue', name: '42' });
    assert.equal(refused.isError, true);
    const error = refused.structuredContent.error;
    assert.equal(error.code, 'refused');
    assert.equal(error.details.holder, alphaId);
    assert.equal(error.details.expiresAt, taken.structuredContent.expiresAt);
    assert.deepEqual(error.remedy, { action: 'ask-holder', holder: alphaId }, "the same remedy as the CLI's --json");
    // What the model reads: the outcome, the claim, who has it until when, and what to do in tool words.
    const { outcome, claim, holder, expiresAt, next } = refused.structuredContent;
    assert.deepEqual(
      { outcome, claim, holder, expiresAt },
      {
        outcome: 'refused',
        claim: { type: 'issue', name: '42' },
        holder: alphaId,
        expiresAt: taken.structuredContent.expiresAt,
      },
    );
    assert.equal(next, `pick other work, or ask ${alphaId} about it: send tool with to: "${alphaId}"`);
    assert.doesNotMatch(textOf(refused), /coord send|--force/);
    assert.match(
      textOf(refused),
      new RegExp(`held by ${alphaId}[\\s\\S]*What to do: pick other work[\\s\\S]*"holder":"${alphaId}"`),
    );
  });

  it('heartbeat records what the session does and renews its claims', async () => {
    const beat = await call(alpha, 'heartbeat', {
      action: 'editing',
      target: 'src/auth.ts',
      phase: 'implement',
      progress: 40,
    });
    assert.equal(beat.isError, undefined, textOf(beat));
    assert.deepEqual(beat.structuredContent.renewed, ['issue/42']);
    const session = JSON.parse(readFileSync(join(dir, 'docs/coordination/sessions', `${alphaId}.json`), 'utf8'));
    assert.deepEqual(session.heartbeat, { action: 'editing', target: 'src/auth.ts', phase: 'implement', progress: 40 });
  });

  it('send reaches the other session; its inbox lists it unread, read shows it and marks it read', async () => {
    const sent = await call(alpha, 'send', {
      to: betaId,
      subject: 'issue 42',
      body: 'I have the login fix; take issue 43?',
      priority: 'high',
    });
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
    assert.equal(
      JSON.parse(readFileSync(join(dir, 'docs/coordination/claims/work', `${added.json.item.id}.json`), 'utf8')).holder,
      alphaId,
    );
    const none = await call(beta, 'claim_next_work');
    assert.equal(none.isError, undefined);
    assert.equal(none.structuredContent.item, null);
  });

  it('complete_work marks the claimed item done and releases its claim; the queue does not offer it', async () => {
    const claimed = (await call(alpha, 'claim_next_work')).structuredContent;
    assert.equal(claimed.outcome, 'nothing-ready', 'alpha already holds the only item');
    const id = JSON.parse(coordSync(['work', 'list', '--json'], { cwd: dir }).stdout).items[0].id as string;
    const done = await call(alpha, 'complete_work', { id });
    assert.equal(done.isError, undefined, textOf(done));
    assert.equal(done.structuredContent.outcome, 'done');
    assert.equal(done.structuredContent.item.status, 'done');
    assert.equal(done.structuredContent.released.holder, alphaId);
    assert.match(done.structuredContent.next, /claim_next_work/);
    assert.equal(existsSync(join(dir, 'docs/coordination/claims/work', `${id}.json`)), false);
    assert.equal((await call(beta, 'claim_next_work')).structuredContent.outcome, 'nothing-ready');
    const listed = JSON.parse(coordSync(['work', 'list', '--json'], { cwd: dir }).stdout);
    assert.equal(listed.items[0].status, 'done', 'the CLI sees it done');
  });

  it('claims_covering tells who has files before an edit, and changes nothing', async () => {
    const path = await call(beta, 'claim', { type: 'path', name: 'src/auth/**', reason: 'login rework' });
    assert.equal(path.isError, undefined, textOf(path));
    const looked = await call(alpha, 'claims_covering', { paths: ['src/auth/login.ts', 'README.md'] });
    assert.equal(looked.isError, undefined, textOf(looked));
    assert.equal(looked.structuredContent.outcome, 'held');
    assert.equal(looked.structuredContent.holder, betaId);
    assert.deepEqual(
      looked.structuredContent.paths.map((p: { claims: unknown[] }) => p.claims.length),
      [1, 0],
    );
    assert.match(looked.structuredContent.next, new RegExp(`ask ${betaId} with the send tool`));
    const released = await call(beta, 'release', { type: 'path', name: path.structuredContent.claim.name });
    assert.equal(released.isError, undefined);
    const free = await call(alpha, 'claims_covering', { paths: ['src/auth/login.ts'] });
    assert.equal(free.structuredContent.outcome, 'free');
  });

  it('send is safe to repeat: an identical send, or one with a key used before, answers the first', async () => {
    const args = { to: betaId, subject: 'same twice', body: 'an agent sent this call twice' };
    const first = await call(alpha, 'send', args);
    const second = await call(alpha, 'send', args);
    assert.equal(first.structuredContent.outcome, 'sent');
    assert.equal(second.structuredContent.outcome, 'already-sent');
    assert.equal(second.structuredContent.message.id, first.structuredContent.message.id);
    const keyed = await call(alpha, 'send', { to: betaId, subject: 'keyed', body: 'once', key: 'k-1' });
    const again = await call(alpha, 'send', { to: betaId, subject: 'keyed', body: 'once', key: 'k-1' });
    assert.equal(again.structuredContent.message.id, keyed.structuredContent.message.id);
    assert.equal(again.structuredContent.repeated, 'key');
    const inbox = (await call(beta, 'inbox')).structuredContent.messages as { subject: string }[];
    assert.equal(inbox.filter((m) => m.subject === 'same twice').length, 1);
    assert.equal(inbox.filter((m) => m.subject === 'keyed').length, 1);
    const misused = await call(alpha, 'send', { to: betaId, subject: 'keyed', body: 'other', key: 'k-1' });
    assert.equal(misused.isError, true);
    assert.equal(misused.structuredContent.outcome, 'invalid');
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
    assert.deepEqual(
      status.structuredContent.sessions.map((s: { id: string }) => s.id).sort(),
      [alphaId, betaId].sort(),
    );
    assert.ok(
      status.structuredContent.claims.some(
        (c: { holder: string; name: string }) => c.holder === betaId && c.name === '42',
      ),
    );
    assert.match(textOf(status), new RegExp(`You: ${alphaId}`));
  });

  it('a tool call keeps the session alive: it beats when a beat is due, keeping what the last one said', async () => {
    const file = join(dir, 'docs', 'coordination', 'sessions', `${alphaId}.json`);
    const before = JSON.parse(readFileSync(file, 'utf8'));
    // Age the last beat past half the interval, as time passing would.
    writeFileSync(
      file,
      `${JSON.stringify({ ...before, heartbeatAt: new Date(Date.now() - 45_000).toISOString() }, null, 2)}\n`,
    );
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
    await assert.rejects(
      alpha.callTool({ name: 'no_such_tool', arguments: {} }),
      (e: { code?: number; message: string }) => {
        assert.equal(e.code, -32602);
        // The client adds "MCP error -32602: " once; the server's own message must not carry it too.
        assert.match(e.message, /^MCP error -32602: unknown tool "no_such_tool"; the tools are status, register, /);
        return true;
      },
    );
    assert.equal((await call(alpha, 'status')).isError, undefined);
  });

  it('acting as an unknown session is refused by every tool, status included', async () => {
    const calls = [
      ['status', {}],
      ['inbox', {}],
      ['claims_covering', { paths: ['a'] }],
      ['heartbeat', {}],
    ] as const;
    for (const [name, args] of calls) {
      const result = await call(alpha, name, { ...args, session: 'ghost-000000' });
      assert.equal(result.isError, true, name);
      assert.equal(result.structuredContent.outcome, 'refused', name);
      assert.match(result.structuredContent.next, /call the register tool/, name);
    }
    const launched = (await connect(dir, { COORD_SESSION: 'ghost-000000' })).client;
    clients.push(launched);
    const status = await call(launched, 'status');
    assert.equal(status.isError, true, 'a server launched as an unknown session refuses status too');
  });

  it('JSON-RPC errors, not silence: bad line -32700, a batch -32600, bad params -32602 naming the field', async () => {
    const answers = await rawExchange(
      dir,
      [
        'this is not json',
        '[{"jsonrpc":"2.0","id":50,"method":"ping"}]',
        '{"jsonrpc":"2.0","id":51,"method":"tools/call","params":{"arguments":{}}}',
        '{"jsonrpc":"2.0","id":52,"method":"tools/call","params":{"name":"status","arguments":"all"}}',
        '{"jsonrpc":"2.0","id":53,"method":"tools/list","params":{"cursor":5}}',
        '{"id":54,"method":"ping"}',
        '{"jsonrpc":"2.0","id":55,"method":"tools/call","params":{"name":"status","arguments":{"all":"true"}}}',
        '{"jsonrpc":"2.0","id":56,"method":"ping"}',
      ],
      [50, 51, 52, 53, 54, 55, 56].filter((id) => id !== 50),
    );
    const errorOf = (id: number | null, nth = 0) => answers.filter((a) => a.id === id)[nth]?.error;
    assert.equal(errorOf(null, 0)?.code, -32700);
    assert.match(errorOf(null, 0)?.message ?? '', /not JSON/);
    assert.equal(errorOf(null, 1)?.code, -32600);
    assert.match(errorOf(null, 1)?.message ?? '', /batch/);
    assert.deepEqual(errorOf(51), { code: -32602, message: 'Invalid params for tools/call: missing params.name' });
    assert.deepEqual(errorOf(52), {
      code: -32602,
      message: 'Invalid params for tools/call: params.arguments should be an object, not "all" (a string)',
    });
    assert.equal(errorOf(53)?.code, -32602);
    assert.match(errorOf(53)?.message ?? '', /params\.cursor should be a string/);
    assert.deepEqual(errorOf(54), { code: -32600, message: 'Invalid Request: jsonrpc must be "2.0"' });
    // A tool's own arguments are checked by the tool: an isError result the model reads and corrects (MCP 2025-11-25).
    type ToolAnswer = { isError: boolean; structuredContent: { outcome: string; error: { message: string } } };
    const invalid = answers.find((a) => a.id === 55)?.result as ToolAnswer;
    assert.equal(invalid.isError, true);
    const { message } = invalid.structuredContent.error;
    assert.equal(message, 'status: all should be a boolean (true or false), not "true" (a string)');
    assert.deepEqual(answers.find((a) => a.id === 56)?.result, {}, 'and the server goes on serving');
    assert.equal(answers.length, 9, JSON.stringify(answers));
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

interface RawAnswer {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
}

/** Writes raw lines to a real `coord mcp` after initializing it; collects answers until every id in `ids` has one. */
function rawExchange(cwd: string, lines: string[], ids: number[]): Promise<RawAnswer[]> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && k !== 'COORD_SESSION' && k !== 'COORD_ROOT') env[k] = v;
  }
  const child = spawn(process.execPath, [cliPath, 'mcp'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const answers: RawAnswer[] = [];
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`not every one of ${ids.join(', ')} answered within 20 s; got ${JSON.stringify(answers)}`));
    }, 20_000);
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
        const answer = JSON.parse(buffered.slice(0, nl)) as RawAnswer;
        buffered = buffered.slice(nl + 1);
        answers.push(answer);
        const initialized = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
        if (answer.id === 0) child.stdin.write([initialized, ...lines, ''].join('\n'));
        if (ids.every((id) => answers.some((a) => a.id === id))) {
          clearTimeout(timer);
          child.stdin.end();
          resolvePromise(answers);
        }
      }
    });
    const params = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } };
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params })}\n`);
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
