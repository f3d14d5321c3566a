import * as assert from 'node:assert/strict';
import { api, coord, ensureSession, labels, waitFor } from './extensionHarness';

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

  it('a work item added by `coord` appears in the Work view', async () => {
    const coordination = await api();
    coord(['work', 'add', 'Visible work item', '--priority', '77']);
    await waitFor('the work item in the Work view', async () => (await labels(coordination.views.work)).includes('Visible work item'));
  });
});
