import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, coord, ensureSession, waitFor, workspaceRoot } from './extensionHarness';

const tree = () => join(workspaceRoot(), 'docs', 'coordination');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('commands, end to end on the workspace', () => {
  let self: string;

  before(async () => {
    await api();
  });

  it('Initialize creates the tree with protocol.json', async () => {
    if (!existsSync(join(tree(), 'protocol.json'))) await vscode.commands.executeCommand('coordination.initialize');
    const protocol = readJson(join(tree(), 'protocol.json'));
    assert.equal(protocol.object, 'protocol');
    assert.equal(protocol.version, 1);
    assert.ok(existsSync(join(tree(), 'README.md')));
  });

  it("Register Session writes this window's session file", async () => {
    self = await ensureSession();
    const session = readJson(join(tree(), 'sessions', `${self}.json`));
    assert.equal(session.id, self);
    assert.equal(session.kind, 'human');
    assert.equal(session.endedAt, undefined);
  });

  it('Send Heartbeat records the fields', async () => {
    await vscode.commands.executeCommand('coordination.heartbeat', {
      action: 'reviewing',
      target: 'src/a.ts',
      phase: 'review',
      progress: 30,
    });
    const session = readJson(join(tree(), 'sessions', `${self}.json`));
    assert.deepEqual(session.heartbeat, { action: 'reviewing', target: 'src/a.ts', phase: 'review', progress: 30 });
  });

  it('Claim Work creates the claim file held by this session, and refuses one held by another', async () => {
    const outcome = await vscode.commands.executeCommand('coordination.claim', {
      type: 'issue',
      name: 'ext-1',
      reason: 'from the palette',
    });
    assert.equal(outcome, 'acquired');
    const claim = readJson(join(tree(), 'claims', 'issue', 'ext-1.json'));
    assert.equal(claim.holder, self);
    assert.equal(claim.reason, 'from the palette');

    const agent = coord(['start', '--name', 'rival']).json.session.id as string;
    assert.equal(coord(['claim', 'issue', 'ext-2'], agent).code, 0);
    const refused = await vscode.commands.executeCommand('coordination.claim', { type: 'issue', name: 'ext-2' });
    assert.equal(refused, undefined, 'a held claim is refused (reported, not returned)');
    assert.equal(readJson(join(tree(), 'claims', 'issue', 'ext-2.json')).holder, agent);
  });

  it('Renew Claim moves renewedAt forward', async () => {
    const before = readJson(join(tree(), 'claims', 'issue', 'ext-1.json')).renewedAt;
    await new Promise((r) => setTimeout(r, 15));
    await vscode.commands.executeCommand('coordination.renewClaim', { type: 'issue', name: 'ext-1' });
    const after = readJson(join(tree(), 'claims', 'issue', 'ext-1.json')).renewedAt;
    assert.ok(after > before, `${after} should be later than ${before}`);
  });

  it('Release Claim removes the claim file', async () => {
    await vscode.commands.executeCommand('coordination.releaseClaim', { type: 'issue', name: 'ext-1' });
    assert.equal(existsSync(join(tree(), 'claims', 'issue', 'ext-1.json')), false);
  });

  it("Force-Release Claim removes another session's claim and tells the holder", async () => {
    const holder = readJson(join(tree(), 'claims', 'issue', 'ext-2.json')).holder as string;
    await vscode.commands.executeCommand('coordination.forceReleaseClaim', { type: 'issue', name: 'ext-2' });
    assert.equal(existsSync(join(tree(), 'claims', 'issue', 'ext-2.json')), false);
    const inbox = coord(['inbox'], holder).json.messages as { subject: string; from: string }[];
    assert.ok(
      inbox.some((m) => m.from === self && m.subject.includes('issue/ext-2')),
      JSON.stringify(inbox),
    );
  });

  it('Send Message and Broadcast write message files the recipient reads with coord', async () => {
    const agent = coord(['start', '--name', 'reader']).json.session.id as string;
    const id = await vscode.commands.executeCommand<string>('coordination.sendMessage', {
      to: agent,
      subject: 'Direct',
      body: 'hello agent',
      priority: 'high',
    });
    assert.ok(id && existsSync(join(tree(), 'messages', agent, `${id}.json`)));
    const bid = await vscode.commands.executeCommand<string>('coordination.broadcast', {
      subject: 'All hands',
      body: 'to everyone',
    });
    assert.ok(bid && existsSync(join(tree(), 'messages', 'broadcast', `${bid}.json`)));
    const inbox = coord(['inbox'], agent).json.messages as { id: string; priority: string }[];
    assert.deepEqual(inbox.map((m) => m.id).sort(), [id, bid].sort());
    assert.equal(inbox.find((m) => m.id === id)?.priority, 'high');
  });

  it('Claim Next Work Item claims the highest-priority ready item', async () => {
    const low = coord(['work', 'add', 'Low item', '--priority', '10']).json.item.id as string;
    const high = coord(['work', 'add', 'High item', '--priority', '95']).json.item.id as string;
    await vscode.commands.executeCommand('coordination.claimNext');
    assert.equal(readJson(join(tree(), 'claims', 'work', `${high}.json`)).holder, self);
    assert.equal(existsSync(join(tree(), 'claims', 'work', `${low}.json`)), false);
  });

  it('Mark Work Done marks the item done and releases its claim', async () => {
    const high = readdirSync(join(tree(), 'claims', 'work'))
      .map((f) => f.replace(/\.json$/, ''))
      .find((id) => id.startsWith('high-item'));
    assert.ok(high);
    const root = (await api()).roots()[0]!;
    // The watcher delivers the items `coord work add` wrote; wait for them rather than race it.
    const view = await waitFor('the claimed item in the snapshot', () =>
      root.snapshot()?.work.find((w) => w.item.id === high && w.state === 'claimed'),
    );
    await vscode.commands.executeCommand('coordination.completeWork', { root, view });
    assert.equal(readJson(join(tree(), 'work', `${high}.json`)).status, 'done');
    assert.equal(existsSync(join(tree(), 'claims', 'work', `${high}.json`)), false);
  });

  it('Show Log and Refresh run without error', async () => {
    await vscode.commands.executeCommand('coordination.showLog');
    await vscode.commands.executeCommand('coordination.refresh');
  });

  it('End Session marks the session ended and releases its claims', async () => {
    await vscode.commands.executeCommand('coordination.claim', { type: 'module', name: 'ending' });
    await vscode.commands.executeCommand('coordination.endSession');
    const session = readJson(join(tree(), 'sessions', `${self}.json`));
    assert.ok(session.endedAt, 'endedAt is set');
    assert.equal(existsSync(join(tree(), 'claims', 'module', 'ending.json')), false);
    assert.equal((await api()).roots()[0]?.sessionId, undefined);
  });
});
