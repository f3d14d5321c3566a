import * as assert from 'node:assert/strict';
import { api, coord, ensureSession, labelOf, labels, waitFor } from './extensionHarness';

describe('views follow the tree when another process changes it', () => {
  let self: string;

  before(async () => {
    self = await ensureSession();
  });

  it('a session started by `coord` appears in the Sessions view', async () => {
    const coordination = await api();
    const id = coord(['start', '--name', 'terminal-agent', '--role', 'tests']).json.session.id as string;
    assert.ok(id);
    await waitFor('terminal-agent in the Sessions view', async () => (await labels(coordination.views.sessions)).includes('terminal-agent'));
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
          names.push(typeof item.label === 'string' ? item.label : item.label?.label ?? '');
        }
      }
      return names;
    };
    await waitFor('feature/live-view in the Claims view', async () => (await claimNames()).includes('live-view'));
    assert.equal(coord(['release', 'feature', 'live-view'], agent).code, 0);
    await waitFor('feature/live-view gone from the Claims view', async () => !(await claimNames()).includes('live-view'));
  });

  it('a message sent by `coord` to this window shows in the Inbox and the status bar unread count', async () => {
    const coordination = await api();
    const agent = coord(['start', '--name', 'sender']).json.session.id as string;
    const sent = coord(['send', self, 'From the terminal', 'body', '--priority', 'low'], agent);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    await waitFor('the message in the Inbox view', async () => (await labels(coordination.views.inbox)).includes('From the terminal'));
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
        const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '';
        const shown = `${labelOf(item)} ${String(item.description ?? '')} ${tooltip}`;
        assert.doesNotMatch(shown, /[\u200B\u202E]/, `raw invisible character in ${shown}`);
      }
    }
  });

  it('a work item added by `coord` appears in the Work view', async () => {
    const coordination = await api();
    coord(['work', 'add', 'Visible work item', '--priority', '77']);
    await waitFor('the work item in the Work view', async () => (await labels(coordination.views.work)).includes('Visible work item'));
  });
});
