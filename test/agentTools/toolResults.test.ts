import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AgentToolEnv, AgentToolResult } from '../../src/agentTools/agentTool';
import { runAgentTool } from '../../src/agentTools/runAgentTool';
import { toolErrorResult } from '../../src/agentTools/toolError';
import { agentTools } from '../../src/agentTools/toolList';
import { addWork } from '../../src/core/work/work';
import { startSession } from '../../src/core/sessions/sessions';
import { takeClaim } from '../../src/core/claims/claims';
import { makeTempTree, type TempTree } from '../helpers/tempTree';
import { loadSyncWorld, type Clone, type SyncWorldLib, type World } from '../helpers/syncWorld';
import { openContext } from '../../src/core/records/context';

/** CLI words a model cannot act on through the tools: a flag, or a `coord` command. */
const cliWords = new RegExp(
  [
    '(^|[\\s`(])--[a-z]',
    'COORD_SESSION',
    '\\bcoord (start|send|inbox|status|work|claims?|release|doctor|init|heartbeat|renew)\\b',
  ].join('|'),
);

/**
 * The tools run for real against a tree on disk, as both adapters run them: each result's structured content
 * (what Claude Code hands the model) says its outcome, what it concerns and what to do next, in tool words.
 */
describe('agent tools: every result says its outcome and what to do next', () => {
  let tree: TempTree;
  let self: string | undefined;
  let env: AgentToolEnv;
  beforeEach(() => {
    tree = makeTempTree();
    self = undefined;
    env = {
      ctx: tree.ctx,
      actingSession: (explicit) => explicit ?? self,
      adopt: (id) => {
        self = id;
      },
      defaultKind: 'agent',
      touched: () => {},
      syncSettings: { enabled: false, remote: 'origin', branch: 'coordination' },
    };
  });
  afterEach(() => tree.cleanup());

  const tool = (name: string) => agentTools.find((t) => t.name === name)!;
  const run = (name: string, input: Record<string, unknown> = {}) => runAgentTool(tool(name), input, env);
  /** A failing call as the adapters present it. */
  async function fail(name: string, input: Record<string, unknown> = {}): Promise<AgentToolResult> {
    try {
      await run(name, input);
    } catch (error) {
      return toolErrorResult(error, tool(name), input);
    }
    throw new Error(`${name} ${JSON.stringify(input)} did not fail`);
  }
  function wordedForTools(result: AgentToolResult): void {
    assert.equal(typeof result.structured.outcome, 'string');
    assert.ok(result.structured.next.length > 10, JSON.stringify(result.structured));
    assert.doesNotMatch(result.structured.next, cliWords);
    assert.doesNotMatch(result.text, cliWords, result.text);
  }

  it('a walk through every tool: outcome, the claim or message concerned, holder, expiresAt and next', async () => {
    const before = await run('status');
    wordedForTools(before);
    assert.equal(before.structured.outcome, 'shown');
    assert.match(before.structured.next, /register tool/);
    const registered = await run('register', { name: 'alpha' });
    wordedForTools(registered);
    assert.equal(registered.structured.outcome, 'registered');
    assert.equal((await run('register')).structured.outcome, 'already-registered');

    const claimed = await run('claim', { type: 'issue', name: '42' });
    wordedForTools(claimed);
    assert.equal(claimed.structured.outcome, 'claimed');
    assert.equal(claimed.structured.holder, self);
    assert.match(String(claimed.structured.expiresAt), /^\d{4}-\d\d-\d\dT/);
    assert.match(claimed.structured.next, /work on it; when done, release it \(release tool\)/);
    assert.equal((await run('claim', { type: 'issue', name: '42' })).structured.outcome, 'already-held');
    const renewed = await run('renew', { type: 'issue', name: '42', ttl: '1h' });
    wordedForTools(renewed);
    assert.equal(renewed.structured.outcome, 'renewed');
    const beat = await run('heartbeat', { action: 'editing' });
    wordedForTools(beat);
    assert.equal(beat.structured.outcome, 'beat');
    const released = await run('release', { type: 'issue', name: '42' });
    wordedForTools(released);
    assert.equal(released.structured.outcome, 'released');
    assert.deepEqual((released.structured.claim as { name: string }).name, '42');

    const peer = startSession(tree.ctx, { name: 'peer' }).id;
    const sent = await run('send', { to: peer, subject: 'hello', body: 'there', ack: true });
    wordedForTools(sent);
    assert.equal(sent.structured.outcome, 'sent');
    assert.match(sent.structured.next, new RegExp(`${peer}'s answer comes to your inbox`));
    const inbox = await runAgentTool(tool('inbox'), { session: peer }, env);
    wordedForTools(inbox);
    assert.equal(inbox.structured.outcome, 'listed');
    assert.match(inbox.structured.next, /read tool/);
    const messageId = (sent.structured.message as { id: string }).id;
    const read = await runAgentTool(tool('read'), { id: messageId, session: peer }, env);
    wordedForTools(read);
    assert.equal(read.structured.outcome, 'read');
    const answer = `acknowledgement: answer with the send tool with to: "${self}" and replyTo: "${messageId}"`;
    assert.ok(read.structured.next.includes(answer), read.structured.next);
  });

  it('claim_next_work says to complete the item when done, not to release it; complete_work does', async () => {
    await run('register', { name: 'worker' });
    const item = addWork(tree.ctx, 'write the docs');
    const next = await run('claim_next_work');
    wordedForTools(next);
    assert.equal(next.structured.outcome, 'claimed');
    assert.equal(next.structured.holder, self);
    assert.ok(next.structured.expiresAt);
    assert.match(next.structured.next, new RegExp(`call complete_work with id "${item.id}"`));
    assert.doesNotMatch(next.text, /Release it with the release tool \(type "work"\) when done/);
    const done = await run('complete_work', { id: item.id });
    wordedForTools(done);
    assert.equal(done.structured.outcome, 'done');
    assert.equal((done.structured.item as { status: string }).status, 'done');
    assert.equal((done.structured.released as { name: string }).name, item.id);
    assert.equal(existsSync(tree.ctx.layout.claimFile('work', item.id)), false, 'its claim is released');
    assert.equal(JSON.parse(readFileSync(tree.ctx.layout.workFile(item.id), 'utf8')).status, 'done');
    assert.equal((await run('claim_next_work')).structured.outcome, 'nothing-ready', 'a done item is not offered');
    assert.equal((await run('complete_work', { id: item.id })).structured.outcome, 'done', 'again: nothing changes');
  });

  it('complete_work is refused while another session holds the item, naming the holder', async () => {
    await run('register', { name: 'worker' });
    const item = addWork(tree.ctx, 'held elsewhere');
    const other = startSession(tree.ctx, { name: 'other' }).id;
    takeClaim(tree.ctx, other, 'work', item.id);
    const refused = await fail('complete_work', { id: item.id });
    wordedForTools(refused);
    assert.equal(refused.structured.outcome, 'refused');
    assert.equal(refused.structured.holder, other);
    assert.deepEqual(refused.structured.item, { id: item.id });
    assert.match(refused.structured.next, new RegExp(`ask ${other} about it: send tool with to: "${other}"`));
  });

  it('register { session } resumes a live session: outcome resumed, and later calls act as it', async () => {
    const known = startSession(tree.ctx, { name: 'known' }).id;
    const resumed = await run('register', { session: known });
    wordedForTools(resumed);
    assert.equal(resumed.structured.outcome, 'resumed');
    assert.equal((resumed.structured.session as { id: string }).id, known);
    assert.match(resumed.structured.next, /claim/);
    assert.equal(self, known, 'the adapter now acts as it');
    assert.equal((await run('claim', { type: 'issue', name: '3' })).structured.holder, known);
  });

  it('claim takes over a lease that ran out: taken-over, the new holder, expiresAt, the previous holder', async () => {
    const other = startSession(tree.ctx, { name: 'other' }).id;
    takeClaim(tree.ctx, other, 'issue', '8', { ttlSeconds: 60 });
    await run('register', { name: 'next' });
    assert.equal((await fail('claim', { type: 'issue', name: '8' })).structured.outcome, 'refused', 'not yet');
    tree.clock.advance(60_000);
    const taken = await run('claim', { type: 'issue', name: '8' });
    wordedForTools(taken);
    assert.equal(taken.structured.outcome, 'taken-over');
    assert.equal(taken.structured.holder, self);
    assert.equal(taken.structured.previousHolder, other);
    assert.equal(taken.structured.expiresAt, new Date(tree.clock.now() + 2 * 3600_000).toISOString());
    assert.match(taken.structured.next, /^work on it; when done, release it \(release tool\)/);
    assert.match(taken.text, /taken over from/);
  });

  it("release with force frees another's claim: force-released, its holder, and the holder told", async () => {
    const other = startSession(tree.ctx, { name: 'stuck' }).id;
    takeClaim(tree.ctx, other, 'issue', '11');
    await run('register', { name: 'unsticker' });
    const forced = await run('release', { type: 'issue', name: '11', force: true });
    wordedForTools(forced);
    assert.equal(forced.structured.outcome, 'force-released');
    assert.equal(forced.structured.holder, other, 'the session it was taken from');
    assert.equal(forced.structured.forced, true);
    assert.equal(forced.structured.expiresAt, undefined, 'nobody holds it now');
    assert.match(forced.structured.next, /free for others now/);
    assert.equal(existsSync(tree.ctx.layout.claimFile('issue', '11')), false);
    const told = await runAgentTool(tool('inbox'), { session: other }, env);
    const messages = told.structured.messages as { id: string; from: string; priority: string }[];
    assert.deepEqual(
      messages.map((m) => [m.id, m.from, m.priority]),
      [[forced.structured.notified, self, 'high']],
    );
  });

  it('complete_work on an item another session finished: outcome already-done, who did it, nothing held', async () => {
    await run('register', { name: 'late' });
    const item = addWork(tree.ctx, 'done by someone else');
    const other = startSession(tree.ctx, { name: 'early' }).id;
    takeClaim(tree.ctx, other, 'work', item.id);
    assert.equal(
      (await runAgentTool(tool('complete_work'), { id: item.id, session: other }, env)).structured.outcome,
      'done',
    );
    const again = await run('complete_work', { id: item.id });
    wordedForTools(again);
    assert.equal(again.structured.outcome, 'already-done');
    assert.equal((again.structured.item as { doneBy: string }).doneBy, other);
    assert.equal(again.structured.holder, undefined, 'nobody holds a finished item');
    assert.equal(again.structured.expiresAt, undefined);
    assert.equal(again.structured.released, undefined, 'the caller held no claim on it');
    assert.match(again.structured.next, /claim_next_work/);
    assert.match(again.text, new RegExp(`was done already \\(by ${other}\\)`));
  });

  it('a tree it cannot read is outcome failed, with the error and what to do next', async () => {
    await run('register', { name: 'reader' });
    const item = addWork(tree.ctx, 'will be garbled');
    writeFileSync(tree.ctx.layout.workFile(item.id), '{ not json');
    const failed = await fail('complete_work', { id: item.id });
    wordedForTools(failed);
    assert.equal(failed.structured.outcome, 'failed');
    assert.deepEqual(failed.structured.item, { id: item.id });
    const error = failed.structured.error as { code: string; remedy: { action: string } };
    assert.equal(error.remedy.action, 'repair-tree');
  });

  it('claims_covering says who has files: free, yours or held (holder and expiresAt); changes nothing', async () => {
    await run('register', { name: 'looker' });
    assert.equal((await run('claims_covering', { paths: ['src/auth/login.ts'] })).structured.outcome, 'free');
    const other = startSession(tree.ctx, { name: 'other' }).id;
    const held = takeClaim(tree.ctx, other, 'path', 'src/auth/**');
    await run('claim', { type: 'path', name: 'docs/**' });
    const mine = await run('claims_covering', { paths: ['docs/readme.md'] });
    assert.equal(mine.structured.outcome, 'yours');
    const result = await run('claims_covering', { paths: ['src/auth/login.ts', 'docs/readme.md', 'README.md'] });
    wordedForTools(result);
    assert.equal(result.structured.outcome, 'held');
    assert.equal(result.structured.holder, other);
    assert.ok(result.structured.expiresAt);
    assert.deepEqual(result.structured.holders, [other]);
    const paths = result.structured.paths as { path: string; claims: { holder: string; glob: string }[] }[];
    assert.deepEqual(
      paths.map((p) => [p.path, p.claims.map((c) => `${c.holder} ${c.glob}`)]),
      [
        ['src/auth/login.ts', [`${other} src/auth/**`]],
        ['docs/readme.md', [`${self} docs/**`]],
        ['README.md', []],
      ],
    );
    assert.match(result.structured.next, new RegExp(`ask ${other} with the send tool`));
    assert.equal(tool('claims_covering').mutating, false);
    assert.equal(held.claim.holder, other);
    const outside = await fail('claims_covering', { paths: ['../elsewhere'] });
    assert.equal(outside.structured.outcome, 'invalid');
  });

  it('a refused claim carries the claim, holder, expiresAt and next in tool words (never the CLI hint)', async () => {
    await run('register', { name: 'second' });
    const other = startSession(tree.ctx, { name: 'first' }).id;
    takeClaim(tree.ctx, other, 'issue', '7');
    const refused = await fail('claim', { type: 'issue', name: '7' });
    wordedForTools(refused);
    assert.equal(refused.structured.outcome, 'refused');
    assert.deepEqual(refused.structured.claim, { type: 'issue', name: '7' });
    assert.equal(refused.structured.holder, other);
    assert.ok(refused.structured.expiresAt);
    assert.equal((refused.structured.error as { hint?: string }).hint, undefined);
    assert.match(refused.structured.next, /^pick other work, or ask first-\w+ about it: send tool/);
    const notMine = await fail('release', { type: 'issue', name: '7' });
    wordedForTools(notMine);
    assert.match(notMine.structured.next, /force: true/);
    const badReply = await fail('send', { to: other, subject: 's', body: 'b', replyTo: 'nope' });
    wordedForTools(badReply);
    assert.match(badReply.structured.next, /inbox tool/);
  });

  it('every tool refuses to act as an unknown or ended session, status included', async () => {
    for (const t of agentTools.filter((x) => x.name !== 'register')) {
      const input: Record<string, unknown> = { session: 'ghost-000000' };
      const required: Record<string, Record<string, unknown>> = {
        claim: { type: 'issue', name: '1' },
        renew: { type: 'issue', name: '1' },
        release: { type: 'issue', name: '1' },
        send: { to: 'broadcast', subject: 's', body: 'b' },
        read: { id: '01m95gpw9dcg0644psdah978f7' },
        complete_work: { id: 'x' },
        claims_covering: { paths: ['src'] },
      };
      Object.assign(input, required[t.name] ?? {});
      const refused = await fail(t.name, input);
      assert.equal(refused.structured.outcome, 'refused', t.name);
      const { remedy } = refused.structured.error as { remedy: unknown };
      assert.deepEqual(remedy, { action: 'register-session' }, t.name);
      assert.match(refused.structured.next, /call the register tool/, t.name);
    }
    // With no session at all, read-only status still answers: it is how an agent looks before registering.
    assert.equal((await run('status')).structured.outcome, 'shown');
    // No session yet is refused alike (not "invalid": the call was right, the caller has no session).
    const none = await fail('claim', { type: 'issue', name: '1' });
    assert.equal(none.structured.outcome, 'refused');
    assert.match(none.structured.next, /call the register tool/);
  });

  it('booleans and integers are refused alike in every tool: no "true" for true, no "5" or 5.5 for 5', async () => {
    await run('register', { name: 'strict' });
    const booleans: [string, Record<string, unknown>][] = [
      ['status', { all: 'true' }],
      ['claim', { type: 'path', name: 'a/**', shared: 'true' }],
      ['release', { type: 'issue', name: '1', force: 'true' }],
      ['send', { to: 'broadcast', subject: 's', body: 'b', ack: 'true' }],
      ['inbox', { unread: 'true' }],
    ];
    for (const [name, input] of booleans) {
      const field = Object.keys(input).find((k) => input[k] === 'true')!;
      const result = await fail(name, input);
      assert.equal(result.structured.outcome, 'invalid', name);
      const { message } = result.structured.error as { message: string };
      assert.equal(message, `${name}: ${field} should be a boolean (true or false), not "true" (a string)`);
    }
    for (const progress of ['5', 5.5]) {
      const message = ((await fail('heartbeat', { progress })).structured.error as { message: string }).message;
      assert.match(message, /^heartbeat: progress should be an integer, not /);
    }
    const missing = (await fail('claim', { type: 'issue' })).structured.error as { message: string };
    assert.match(missing.message, /^claim: missing name$/);
  });
});

/**
 * A claim the remote could not confirm (a real bare remote, made unreachable) is no hold yet: the tools must not
 * tell the model it may start. In-process tools against a real clone and real git, as `coord mcp` runs them.
 */
describe('agent tools: a claim the remote has not confirmed is outcome pending', () => {
  let lib: SyncWorldLib;
  let world: World;
  let clone: Clone;
  let self: string | undefined;
  let env: AgentToolEnv;
  before(async () => (lib = await loadSyncWorld()));
  beforeEach(() => {
    world = lib.createWorld({ clones: 1 });
    clone = world.clones[0]!;
    self = undefined;
    env = {
      ctx: openContext(clone.root),
      actingSession: (explicit) => explicit ?? self,
      adopt: (id) => {
        self = id;
      },
      defaultKind: 'agent',
      touched: () => {},
      syncSettings: { enabled: true, remote: 'origin', branch: 'coordination', retryDelaysMs: [50, 100] },
    };
  });
  afterEach(() => world.cleanup());
  const run = (name: string, input: Record<string, unknown> = {}) =>
    runAgentTool(
      agentTools.find((t) => t.name === name)!,
      input,
      env,
    );
  const pendingNext = /^do not start on it yet: it is not yours until a sync confirms it/;

  it('claim and claim_next_work answer pending while the remote is unreachable, claimed once it is back', async () => {
    await run('register', { name: 'offline' });
    const item = addWork(env.ctx, 'queued');
    world.breakRemote();
    const claim = await run('claim', { type: 'issue', name: '6' });
    assert.equal(claim.structured.outcome, 'pending');
    assert.equal(claim.structured.holder, self);
    assert.match(String(claim.structured.expiresAt), /^\d{4}-\d\d-\d\dT/);
    assert.equal(claim.structured.confirmation, 'pending');
    assert.equal(typeof claim.structured.pendingReason, 'string');
    assert.match(claim.structured.next, pendingNext);
    assert.match(claim.text, /PENDING, not yet yours/);
    assert.doesNotMatch(claim.structured.next, cliWords);
    assert.doesNotMatch(claim.text, cliWords, claim.text);
    const next = await run('claim_next_work');
    assert.equal(next.structured.outcome, 'pending');
    assert.equal((next.structured.item as { id: string }).id, item.id);
    assert.equal(next.structured.holder, self);
    assert.match(String(next.structured.expiresAt), /^\d{4}-\d\d-\d\dT/);
    assert.match(next.structured.next, pendingNext);
    assert.doesNotMatch(next.structured.next, /complete_work/);

    world.restoreRemote();
    const confirmed = await run('claim', { type: 'issue', name: '7' });
    assert.equal(confirmed.structured.outcome, 'claimed', JSON.stringify(confirmed.structured));
    assert.equal(confirmed.structured.confirmation, 'confirmed');
  });
});
