import * as assert from 'node:assert/strict';
import { writeFromAnotherProcess } from '../helpers/writeFromAnotherProcess';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, coord, ensureSession, labelOf, labels, waitFor, workspaceRoot } from './extensionHarness';

describe('views follow the tree when another process changes it', () => {
  let self: string;

  before(async () => {
    self = await ensureSession();
  });

  it('a session started by `coord` appears in the Sessions view', async () => {
    const coordination = await api();
    const id = coord(['start', '--name', 'terminal-agent', '--role', 'tests']).json.session.id as string;
    assert.ok(id);
    await waitFor('terminal-agent in the Sessions view', async () =>
      (await labels(coordination.views.sessions)).includes('terminal-agent'),
    );
  });

  it('a claim taken by `coord` appears in the Claims view under its type, and disappears on release', async () => {
    const coordination = await api();
    const agent = coord(['start', '--name', 'claimer']).json.session.id as string;
    assert.equal(coord(['claim', 'feature', 'live-view'], agent).code, 0);
    const claimNames = async () => {
      const types = (await coordination.views.claims.getChildren(undefined)) ?? [];
      const names: string[] = [];
      for (const t of types) {
        for (const c of (await coordination.views.claims.getChildren(t)) ?? []) {
          const item = await coordination.views.claims.getTreeItem(c);
          names.push(typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
        }
      }
      return names;
    };
    await waitFor('feature/live-view in the Claims view', async () => (await claimNames()).includes('live-view'));
    assert.equal(coord(['release', 'feature', 'live-view'], agent).code, 0);
    await waitFor(
      'feature/live-view gone from the Claims view',
      async () => !(await claimNames()).includes('live-view'),
    );
  });

  it('a message sent by `coord` to this window shows in the Inbox and the status bar unread count', async () => {
    const coordination = await api();
    const agent = coord(['start', '--name', 'sender']).json.session.id as string;
    const sent = coord(['send', self, 'From the terminal', 'body', '--priority', 'low'], agent);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    await waitFor('the message in the Inbox view', async () =>
      (await labels(coordination.views.inbox)).includes('From the terminal'),
    );
    await waitFor('an unread count in the status bar', () => /\$\(mail\) \d+/.test(coordination.statusBarText() ?? ''));
  });

  it('names and subjects with a right-to-left override or a zero-width space show escaped in the views', async () => {
    const coordination = await api();
    const agent = coord(['start', '--name', 'admin\u202Enimda', '--role', 're\u200Bviewer']).json.session.id as string;
    assert.equal(coord(['send', self, 'pay \u200Bnow', 'body\u202E'], agent).code, 0);
    const { sessions, inbox } = coordination.views;
    await waitFor('the escaped name in Sessions', async () => (await labels(sessions)).includes('admin\\u202Enimda'));
    await waitFor('the escaped subject in the Inbox', async () => (await labels(inbox)).includes('pay \\u200Bnow'));
    for (const provider of [sessions, inbox]) {
      for (const child of (await provider.getChildren(undefined)) ?? []) {
        const item = await provider.getTreeItem(child);
        const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
        const shown = `${labelOf(item)} ${String(item.description ?? '')} ${tooltip}`;
        assert.doesNotMatch(shown, /[\u200B\u202E]/, `raw invisible character in ${shown}`);
      }
    }
  });

  it('a work item added by `coord` appears in the Work view', async () => {
    const coordination = await api();
    coord(['work', 'add', 'Visible work item', '--priority', '77']);
    await waitFor('the work item in the Work view', async () =>
      (await labels(coordination.views.work)).includes('Visible work item'),
    );
  });

  it("a claim's confirmation written by another process reaches the Claims view and the dashboard rows", async function () {
    this.timeout(180_000);
    const coordination = await api();
    const agent = coord(['start', '--name', 'confirmer']).json.session.id as string;
    const taken = coord(['claim', 'feature', 'confirm-view'], agent);
    assert.equal(taken.code, 0, taken.stdout + taken.stderr);
    const acquiredAt = taken.json.claim.acquiredAt as string;
    const refs = join(workspaceRoot(), 'docs', 'coordination', '.local', 'claim-refs');
    // As a sync round in a terminal writes it: a temporary file renamed into place, by another process.
    const writeState = (state: object) =>
      writeFromAnotherProcess(join(refs, 'feature', 'confirm-view.json'), JSON.stringify(state));
    const shown = async () => {
      for (const type of (await coordination.views.claims.getChildren(undefined)) ?? []) {
        for (const c of (await coordination.views.claims.getChildren(type)) ?? []) {
          const item = await coordination.views.claims.getTreeItem(c);
          if (!String(item.id).endsWith('#claim:feature/confirm-view')) continue;
          const markdown = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
          // The tooltip's text as read: appendText escapes spaces and punctuation for markdown.
          const tooltip = markdown.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
          return { description: String(item.description ?? ''), tooltip };
        }
      }
      return undefined;
    };
    // This checkout has no remote, so each sync round forgets every confirmation state (the tree is the authority):
    // sync goes off for the test, and the test waits for a round still running to end (it holds the sync lock).
    const syncConfig = () => vscode.workspace.getConfiguration('coordination.sync', vscode.Uri.file(workspaceRoot()));
    const lock = join(workspaceRoot(), 'docs', 'coordination', '.local', 'locks', 'sync.lock.json');
    const idle = () => coordination.syncStatusBarText() === undefined && !existsSync(lock);
    const row = () => coordination.dashboard()?.mirror().rows.claims.get('feature/confirm-view');
    try {
      await syncConfig().update('enabled', false, vscode.ConfigurationTarget.Workspace);
      await waitFor('no sync round running', idle, 130_000);
      await vscode.commands.executeCommand('coordination.openDashboard');
      writeState({ pendingReason: 'no remote reachable' });
      await waitFor('the claim shown pending, with its reason', async () => {
        const item = await shown();
        return item?.description.endsWith(' · pending') && item.tooltip.includes('no remote reachable');
      }).catch(async (error: Error) => {
        const inSnapshot = coordination
          .roots()[0]
          ?.snapshot()
          ?.claims.find((v) => v.claim.name === 'confirm-view');
        const { confirmation, pendingReason } = inSnapshot ?? {};
        const state = existsSync(join(refs, 'feature', 'confirm-view.json'));
        const seen = { shown: await shown(), snapshot: { confirmation, pendingReason }, stateFile: state };
        throw new Error(`${error.message}; ${JSON.stringify(seen)}`);
      });
      await waitFor(
        'the dashboard row pending',
        () => row()?.confirmation === 'pending' && row()?.pendingReason === 'no remote reachable',
      );
      writeState({ ref: 'a'.repeat(40), refSeenAt: Date.now(), lease: { holder: agent, acquiredAt } });
      await waitFor('the claim shown confirmed', async () =>
        (await shown())?.tooltip.includes('Across computers:** confirmed on the remote'),
      );
      assert.doesNotMatch((await shown())?.description ?? '', /pending/);
      await waitFor(
        'the dashboard row confirmed',
        () => row()?.confirmation === 'confirmed' && row()?.pendingReason === undefined,
      );
    } finally {
      // Other tests here expect a checkout that never confirmed a claim.
      rmSync(refs, { recursive: true, force: true });
      coord(['release', 'feature', 'confirm-view'], agent);
      await syncConfig().update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
      // Sync back on starts the window's loop afresh, its first round 3 s later: let that round start and end here,
      // so that it does not run beside the next tests (which, as after startup, expect the next round minutes away).
      await new Promise((r) => setTimeout(r, 3500));
      await waitFor('no sync round running', () => !existsSync(lock), 130_000);
    }
  });
});
