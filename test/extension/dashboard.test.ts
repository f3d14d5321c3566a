import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { bodyPreviewLength } from '../../src/dashboard/protocol';
import { api, coord, ensureSession, waitFor, workspaceRoot } from './extensionHarness';

const tree = () => join(workspaceRoot(), 'docs', 'coordination');

/**
 * The dashboard inside a real VS Code: the panel's page (a real webview) says `ready`, the host sends it what agents
 * write with `coord` from other processes within a second, and actions the page sends come back as files.
 */
describe('dashboard', () => {
  let self: string;
  let agent: string;

  const dashboard = async () => {
    const d = (await api()).dashboard();
    assert.ok(d, 'the dashboard is open');
    return d;
  };

  /** Milliseconds from now until the page has been sent something that satisfies `check`. */
  const shownWithin = async (
    what: string,
    check: (mirror: ReturnType<Awaited<ReturnType<typeof dashboard>>['mirror']>) => boolean,
  ) => {
    const started = Date.now();
    const d = await dashboard();
    await waitFor(what, () => check(d.mirror()), 5000);
    return Date.now() - started;
  };

  before(async () => {
    self = await ensureSession();
  });

  after(async () => {
    // Leave the editor area as the other suites expect it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens from the palette command, and its page says ready and is sent a snapshot', async () => {
    await vscode.commands.executeCommand('coordination.openDashboard');
    const d = await waitFor(
      'the dashboard page to say ready',
      async () => {
        const open = (await api()).dashboard();
        return open?.pageReady ? open : undefined;
      },
      30_000,
    );
    const mirror = d.mirror();
    assert.ok(mirror.revision >= 1);
    assert.equal(mirror.context?.selfId, self);
    assert.equal(mirror.context?.hasTree, true);
    assert.ok(mirror.rows.sessions.has(self), "this window's session is in the snapshot");
    // Opening it again reveals the same panel rather than a second one.
    await vscode.commands.executeCommand('coordination.openDashboard');
    assert.equal((await api()).dashboard()?.mirror().revision !== undefined, true);
  });

  it('shows sessions, claims and messages written by coord within 1 s', async () => {
    agent = coord(['start', '--name', 'dash-agent', '--role', 'builder']).json.session.id as string;
    const sessionMs = await shownWithin("the agent's session", (m) => m.rows.sessions.get(agent)?.role === 'builder');

    assert.equal(coord(['heartbeat', 'editing', 'src/dash.ts', 'implement', '40'], agent).code, 0);
    const beatMs = await shownWithin("the agent's heartbeat", (m) => m.rows.sessions.get(agent)?.progress === 40);

    assert.equal(coord(['claim', 'issue', 'dash-7', '--reason', 'dashboard test'], agent).code, 0);
    const claimMs = await shownWithin("the agent's claim", (m) => m.rows.claims.get('issue/dash-7')?.holder === agent);

    const sent = coord(['send', self, 'Dashboard hello', 'from an agent', '--priority', 'high'], agent).json.message
      .id as string;
    const messageMs = await shownWithin('the message', (m) => m.rows.messages.get(sent)?.priority === 'high');

    for (const [what, ms] of [
      ['session', sessionMs],
      ['heartbeat', beatMs],
      ['claim', claimMs],
      ['message', messageMs],
    ] as const) {
      assert.ok(ms <= 1000, `${what} reached the page after ${ms} ms`);
    }
    const d = await dashboard();
    const kinds = d.mirror().activity.map((a) => `${a.kind} ${a.session}`);
    assert.ok(kinds.includes(`joined ${agent}`), kinds.join(', '));
    assert.ok(kinds.includes(`claimed ${agent}`), kinds.join(', '));
    assert.ok(kinds.includes(`messageSent ${agent}`), kinds.join(', '));
  });

  it('Release from the page removes the claim file, through the palette command', async () => {
    await vscode.commands.executeCommand('coordination.claim', { type: 'issue', name: 'dash-mine' });
    const file = join(tree(), 'claims', 'issue', 'dash-mine.json');
    assert.ok(existsSync(file));
    await shownWithin("this window's claim", (m) => m.rows.claims.has('issue/dash-mine'));
    const d = await dashboard();
    await d.receive({ type: 'claimAction', requestId: 1, action: 'release', claimType: 'issue', name: 'dash-mine' });
    assert.equal(existsSync(file), false, 'the claim file is gone');
    await shownWithin('the claim gone from the page', (m) => !m.rows.claims.has('issue/dash-mine'));
    const kinds = d.mirror().activity.map((a) => `${a.kind} ${a.claim ?? ''}`);
    assert.ok(kinds.includes('released issue/dash-mine'), kinds.join(', '));
  });

  it("Release of another session's claim is refused as in the palette, and the claim stays", async () => {
    const d = await dashboard();
    await d.receive({ type: 'claimAction', requestId: 2, action: 'release', claimType: 'issue', name: 'dash-7' });
    assert.ok(existsSync(join(tree(), 'claims', 'issue', 'dash-7.json')));
  });

  it('sends, replies and marks read through the page protocol', async () => {
    const d = await dashboard();
    const incoming = [...d.mirror().rows.messages.values()].find((m) => m.subject === 'Dashboard hello');
    assert.ok(incoming);
    await d.receive({ type: 'markRead', id: incoming.id });
    assert.ok(existsSync(join(tree(), '.local', 'read', self, incoming.id)), 'the read marker exists');
    await shownWithin('the message marked read', (m) => m.rows.messages.get(incoming.id)?.read === true);

    await d.receive({
      type: 'send',
      requestId: 3,
      to: agent,
      subject: 'Re: Dashboard hello',
      body: 'thanks',
      priority: 'normal',
      replyTo: incoming.id,
    });
    const inbox = coord(['inbox'], agent).json.messages as { subject: string; replyTo?: string }[];
    assert.ok(
      inbox.some((m) => m.subject === 'Re: Dashboard hello' && m.replyTo === incoming.id),
      JSON.stringify(inbox),
    );

    await d.receive({
      type: 'send',
      requestId: 4,
      to: 'broadcast',
      subject: 'Dashboard broadcast',
      body: 'to all',
      priority: 'low',
    });
    const all = coord(['inbox'], agent).json.messages as { subject: string }[];
    assert.ok(all.some((m) => m.subject === 'Dashboard broadcast'));
  });

  it('sends a long body cut to a preview, with how much was left out', async () => {
    const body = 'y'.repeat(10_000);
    const id = coord(['send', self, 'Long one', body], agent).json.message.id as string;
    await shownWithin('the long message', (m) => m.rows.messages.has(id));
    const row = (await dashboard()).mirror().rows.messages.get(id)!;
    assert.equal(row.body, body.slice(0, bodyPreviewLength));
    assert.equal(row.bodyCut, body.length - bodyPreviewLength);
  });

  it('drops page messages that do not parse: bad names, unknown commands, wrong shapes', async () => {
    const d = await dashboard();
    const before = d.mirror().revision;
    await d.receive({ type: 'claimAction', requestId: 5, action: 'release', claimType: '../../etc', name: 'passwd' });
    await d.receive({ type: 'runCommand', command: 'workbench.action.closeWindow' });
    await d.receive({ type: 'send', requestId: 6, to: agent, subject: 'x'.repeat(201), body: '', priority: 'normal' });
    await d.receive({ type: 'nonsense' });
    await d.receive('ready');
    assert.ok(existsSync(join(tree(), 'claims', 'issue', 'dash-7.json')), 'nothing was released');
    const inbox = coord(['inbox'], agent).json.messages as { subject: string }[];
    assert.ok(!inbox.some((m) => m.subject.startsWith('xxxx')), 'nothing was sent');
    assert.ok(d.mirror().revision >= before);
  });
});
