import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SyncResult } from '../../src/core/sync/syncResult';
import { api, cliPath, ensureSession, labels, waitFor, workspaceRoot } from './extensionHarness';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });

/** `coord` in another folder: a second computer sharing the remote. */
function coordAt(cwd: string, args: string[], session?: string): any {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  delete env.COORD_SESSION;
  delete env.COORD_ROOT;
  if (session) env.COORD_SESSION = session;
  const r = spawnSync(process.execPath, [cliPath, ...args, '--json'], { cwd, env, encoding: 'utf8' });
  return r.stdout.trim() ? JSON.parse(r.stdout) : { code: r.status, stderr: r.stderr };
}

async function claimDescriptions(provider: vscode.TreeDataProvider<unknown>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const group of (await provider.getChildren(undefined)) ?? []) {
    for (const child of (await provider.getChildren(group)) ?? []) {
      const item = await provider.getTreeItem(child);
      out.set(String(item.id).split('#claim:')[1] ?? '', String(item.description ?? ''));
    }
  }
  return out;
}

describe('sync in the window: Sync Now against a local bare remote', function () {
  let dir: string;
  let remote: string;
  let other: string;

  before(function () {
    if (!vscode.workspace.isTrusted) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'coord-ext-sync-'));
    remote = join(dir, 'remote.git');
    other = join(dir, 'other');
    git(dir, 'init', '-q', '--bare', remote);
    git(workspaceRoot(), 'remote', 'add', 'origin', remote);
    git(dir, 'init', '-q', other);
    git(other, 'remote', 'add', 'origin', remote);
  });

  after(function () {
    if (!dir) return;
    // Later suites run without a remote again, as the workspace started.
    try {
      git(workspaceRoot(), 'remote', 'remove', 'origin');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("brings another computer's session, claim and message into the views, confirms this window's claim, and shows the round in the status bar", async () => {
    const coordination = await api();
    const self = await ensureSession();
    await vscode.commands.executeCommand('coordination.claim', { type: 'sync', name: 'mine' });

    assert.equal(coordAt(other, ['init']).ok, true);
    const peer = coordAt(other, ['start', '--name', 'far-away']).session.id as string;
    assert.equal(coordAt(other, ['claim', 'sync', 'theirs'], peer).confirmation, 'confirmed');

    const first = await vscode.commands.executeCommand<SyncResult>('coordination.syncNow');
    assert.ok(first, 'Sync Now returns the round');
    assert.equal(first.mode, 'remote');
    assert.ok(['synced', 'up-to-date'].includes(first.outcome), `${first.outcome}: ${first.reason}`);

    // The peer sees this window's session and messages it; the next Sync Now brings the message and the peer in.
    coordAt(other, ['sync']);
    assert.equal(coordAt(other, ['send', self, 'from afar', 'synced through git'], peer).ok, true);
    coordAt(other, ['sync']);
    const second = await vscode.commands.executeCommand<SyncResult>('coordination.syncNow');
    assert.equal(second?.outcome, 'synced', second?.reason);

    await waitFor(
      "the other computer's session in the Sessions view",
      async () => (await labels(coordination.views.sessions)).includes('far-away'),
      10_000,
    );
    await waitFor(
      'the message in the Inbox view',
      async () => (await labels(coordination.views.inbox)).some((l) => l.includes('from afar')),
      10_000,
    );
    const claims = await waitFor(
      'both claims, confirmed, in the Claims view',
      async () => {
        const d = await claimDescriptions(coordination.views.claims);
        return d.has('sync/mine') && d.has('sync/theirs') && ![...d.values()].some((x) => x.includes('pending'))
          ? d
          : undefined;
      },
      10_000,
    );
    assert.ok(claims.get('sync/theirs'));
    const text = await waitFor('the sync status bar item', () => coordination.syncStatusBarText());
    assert.match(text, /\$\(cloud\)|\$\(sync~spin\)/);

    // The dashboard shows the round too, and the remote's claim as confirmed (no 'pending' on it).
    await vscode.commands.executeCommand('coordination.openDashboard');
    const section = await waitFor(
      'the sync section on the dashboard',
      () => {
        const mirror = coordination.dashboard()?.mirror();
        return mirror?.sync?.outcome ? mirror : undefined;
      },
      15_000,
    );
    assert.equal(section.sync?.where, 'origin');
    assert.notEqual(section.rows.claims.get('sync/theirs')?.confirmation, 'pending');
  });

  it('Claim Work answers as coord claim does: a claim another computer holds on the remote, unseen here, is refused and not kept', async () => {
    const peer = coordAt(other, ['status']).sessions.find((s: { name: string }) => s.name === 'far-away').id as string;
    assert.equal(coordAt(other, ['claim', 'sync', 'raced'], peer).confirmation, 'confirmed');
    // This window has not synced since: its tree has no file for sync/raced, so the claim is taken here first and
    // then refused by the remote, before the command returns.
    const outcome = await vscode.commands.executeCommand('coordination.claim', { type: 'sync', name: 'raced' });
    assert.equal(outcome, undefined, 'the command reports the refusal instead of an outcome');
    const file = join(workspaceRoot(), 'docs', 'coordination', 'claims', 'sync', 'raced.json');
    const holder = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { holder: string }).holder : undefined;
    assert.ok(holder === undefined || holder === peer, `the window's claim was withdrawn (file names ${holder})`);
    // And a claim nobody holds is confirmed on the remote before the command returns.
    assert.equal(
      await vscode.commands.executeCommand('coordination.claim', { type: 'sync', name: 'free' }),
      'acquired',
    );
    const remoteHolder = JSON.parse(git(remote, 'cat-file', 'blob', 'refs/coordination/claims/sync/free')) as {
      holder: string;
    };
    assert.equal(remoteHolder.holder, await ensureSession());
    await vscode.commands.executeCommand('coordination.releaseClaim', { type: 'sync', name: 'free' });
    assert.throws(
      () => git(remote, 'rev-parse', '--verify', '-q', 'refs/coordination/claims/sync/free'),
      'the release deleted the ref on the remote',
    );
  });

  it("Force-Release of the other computer's live claim travels: it stays released after syncs, and the other computer loses it", async () => {
    const peer = coordAt(other, ['status']).sessions.find((s: { name: string }) => s.name === 'far-away').id as string;
    assert.equal(coordAt(other, ['claim', 'sync', 'stuck'], peer).confirmation, 'confirmed');
    await vscode.commands.executeCommand('coordination.syncNow');
    await vscode.commands.executeCommand('coordination.forceReleaseClaim', { type: 'sync', name: 'stuck' });
    const again = await vscode.commands.executeCommand<SyncResult>('coordination.syncNow');
    assert.ok(again && ['synced', 'up-to-date'].includes(again.outcome), `${again?.outcome}: ${again?.reason}`);
    const here = await claimDescriptions((await api()).views.claims);
    assert.equal(here.has('sync/stuck'), false, 'the sync did not bring the released claim back');
    const synced = coordAt(other, ['sync']);
    const theirs = coordAt(other, ['claims']).claims.map(
      (c: { type: string; name: string }) => `${c.type}/${c.name}`,
    ) as string[];
    assert.equal(
      theirs.includes('sync/stuck'),
      false,
      `the holder's computer still has it: ${theirs.join(', ')}; its sync: ${JSON.stringify(synced)}`,
    );
  });
});
