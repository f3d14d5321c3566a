import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { takeClaim } from '../../src/core/claims/claims';
import { openContext } from '../../src/core/records/context';
import { TreeLayout } from '../../src/core/store/layout';
import { computerFactPaths, syncLockFile } from '../../src/core/views/computerFacts';
import { startSession } from '../../src/core/sessions/sessions';
import { writeComputers } from '../../src/core/sync/computersFile';
import { api, ensureSession, labelOf, waitFor, workspaceRoot } from './extensionHarness';

/**
 * The Computers view and the dashboard's Computers section inside a real VS Code: what a sync round writes in
 * `.local/sync/` (written here as the round would) reaches both through the watcher and the snapshot.
 */
describe('computers', () => {
  const far = 'far-laptop';
  let farSession = '';

  const ctx = () => openContext(workspaceRoot());
  const layout = () => new TreeLayout(workspaceRoot());
  const removeFacts = () => {
    for (const f of computerFactPaths(layout())) rmSync(f, { force: true });
  };
  const news = (msAgo: number) => {
    const at = (ms: number) => new Date(Date.now() - ms).toISOString();
    writeComputers(layout(), {
      version: 1,
      remote: 'origin',
      self: { writer: `${hostname()}.test`, host: hostname() },
      writers: [
        { writer: `${hostname()}.test`, host: hostname(), tip: 'a'.repeat(40), newsAt: at(1000) },
        { writer: `${far}.one`, host: far, tip: 'b'.repeat(40), newsAt: at(msAgo) },
      ],
    });
  };

  /** Each computer's label and description, and the labels of its children. */
  async function shown(): Promise<{ label: string; description: string; children: string[] }[]> {
    const view = (await api()).views.computers;
    const out = [];
    for (const node of (await view.getChildren(undefined)) ?? []) {
      const item = await view.getTreeItem(node);
      const kids = (await view.getChildren(node)) ?? [];
      const children = await Promise.all(kids.map(async (c) => labelOf(await view.getTreeItem(c))));
      out.push({ label: labelOf(item), description: String(item.description ?? ''), children });
    }
    return out;
  }

  before(async () => {
    await ensureSession();
    removeFacts();
  });

  after(async () => {
    removeFacts();
    if (farSession) rmSync(join(layout().sessionsDir, `${farSession}.json`), { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows this computer alone, never synced, before any round with a remote', async () => {
    const list = await waitFor('this computer in the Computers view', async () => {
      const rows = await shown();
      return rows.length === 1 && rows[0]?.children.includes('Never synced') ? rows : undefined;
    });
    assert.equal(list[0]?.label, `${hostname()} (this computer)`);
    assert.match(list[0]?.description ?? '', /^(active|idle) · \d+ live$/);
  });

  it('lists another computer once a round saw its news: active while it works, offline when news stops', async () => {
    farSession = startSession({ ...ctx(), host: far }, { name: 'far-agent' }).id;
    news(1000);
    const row = async () => (await shown()).find((r) => r.label === far);
    await waitFor(`${far} idle`, async () => /^idle · news \ds ago · 1 live$/.test((await row())?.description ?? ''));
    assert.deepEqual((await row())?.children, ['far-agent']);
    takeClaim({ ...ctx(), host: far }, farSession, 'issue', 'far-1');
    await waitFor(`${far} active`, async () => (await row())?.description.startsWith('active · ') === true);
    // Its session keeps beating on its own clock, but no news has reached this computer for 11 minutes.
    news(11 * 60_000);
    const offline = /^offline · news 11m ago · 1 live$/;
    await waitFor(`${far} offline`, async () => offline.test((await row())?.description ?? ''));
    assert.equal((await shown())[0]?.label, `${hostname()} (this computer)`, 'this computer stays first');
  });

  it('shows this computer syncing while a round holds the sync lock', async () => {
    const lock = syncLockFile(layout());
    mkdirSync(dirname(lock), { recursive: true });
    const at = new Date().toISOString();
    const record = { name: 'sync', holder: 't', host: hostname(), pid: process.pid, acquiredAt: at, refreshedAt: at };
    writeFileSync(lock, JSON.stringify(record));
    await waitFor('syncing on this computer', async () => (await shown())[0]?.description.includes('syncing') === true);
    rmSync(lock);
    await waitFor('no longer syncing', async () => (await shown())[0]?.description.includes('syncing') === false);
  });

  it('sends the dashboard the same computers, then the change when news arrives', async () => {
    await vscode.commands.executeCommand('coordination.openDashboard');
    const d = await waitFor(
      'the dashboard page to say ready',
      async () => {
        const open = (await api()).dashboard();
        return open?.pageReady ? open : undefined;
      },
      30_000,
    );
    // On its own (a --grep) as after the tests above: far-laptop's session works, its news is 11 minutes old.
    farSession ||= startSession({ ...ctx(), host: far }, { name: 'far-agent' }).id;
    takeClaim({ ...ctx(), host: far }, farSession, 'issue', 'far-1');
    news(11 * 60_000);
    const farRow = () => d.mirror().computers.find((c) => c.host === far);
    await waitFor('the far computer offline on the page', () => farRow()?.state === 'offline');
    assert.equal(d.mirror().computers[0]?.self, true);
    news(500);
    const fresh = await waitFor('the far computer active', () => (farRow()?.state === 'active' ? farRow() : undefined));
    assert.deepEqual(
      fresh.sessions.map((s) => [s.name, s.working]),
      [['far-agent', true]],
    );
  });
});
