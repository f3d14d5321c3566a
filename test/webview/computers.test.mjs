// The dashboard's Computers section in a real browser (headless Chromium), under the production HTML and CSP.
// Run with the other page tests: `node --test test/webview/` after `npm run build`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, openDashboard } from '../../scripts/webview/dashboardHarness.mjs';
import { snapshot } from '../../scripts/webview/dashboardFixtures.mjs';

const evil = '<img src=x onerror="window.__pwned=1">';

function computers(now) {
  return [
    {
      host: 'dev-laptop', self: true, state: 'active', newsAt: now - 65_000, writers: 1, live: 2, working: 1,
      sessions: [
        { id: 'alice-aaaaaa', name: 'alice', state: 'active', working: true },
        { id: 'bob-bbbbbb', name: 'bob', state: 'stale', working: false },
        { id: 'old-cccccc', name: 'old', state: 'ended', working: false },
      ],
      sync: {
        syncing: false, neverSynced: false, outcome: 'offline', finishedAt: now - 5000, ahead: 2, behind: null,
        error: `origin unreachable ${evil}`,
      },
    },
    { host: evil, self: false, state: 'idle', newsAt: now - 2000, writers: 2, live: 1, working: 0,
      sessions: [{ id: 'x-dddddd', name: evil, state: 'active', working: false }] },
    { host: 'ci-runner', self: false, state: 'offline', newsAt: now - 11 * 60_000, writers: 1, live: 0, working: 0,
      sessions: [] },
  ];
}

describe('dashboard page: the Computers section', () => {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('shows each computer with its state, news age, sessions and this computer\'s sync — strings as text', async () => {
    const d = await openDashboard(browser);
    const snap = snapshot({ sessions: 2, claims: 0, messages: 0, activity: 0 });
    await d.send({ ...snap, computers: computers(snap.now) });
    const rows = d.page.locator('.computer');
    assert.equal(await rows.count(), 3);
    assert.equal(await d.page.locator('.panel-computers vscode-badge').textContent(), '3');
    assert.equal(await d.page.locator('.computers-status').textContent(), '1 offline');
    assert.deepEqual(await d.page.locator('.computer-host').allTextContents(), ['dev-laptop', evil, 'ci-runner']);
    assert.deepEqual(await d.page.locator('.computer-state').allTextContents(), ['active', 'idle', 'offline']);
    assert.equal(await d.page.locator('.computer.self.computer-active').count(), 1);
    // The ended session is not shown; the working one is marked.
    assert.deepEqual(await rows.nth(0).locator('.computer-session').allTextContents(), ['alice', 'bob']);
    assert.equal(await rows.nth(0).locator('.computer-session.working').textContent(), 'alice');
    assert.match(await rows.nth(1).locator('.computer-age').textContent(), /^news \ds ago$/);
    assert.match(await rows.nth(1).textContent(), /1 live, 0 working · 2 copies of the tree/);
    assert.match(await rows.nth(2).locator('.computer-age').textContent(), /^news 11m ago$/);
    const sync = rows.nth(0).locator('.computer-sync');
    assert.match(await sync.textContent(), /^Last round offline \ds ago; ahead 2, behind unknown\. Published 1m ago\./);
    assert.equal(await sync.locator('.computer-error').textContent(), `origin unreachable ${evil}`);
    assert.equal(await d.page.locator('.panel-computers img').count(), 0);
    assert.equal(await d.page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(d.errors, []);
    assert.deepEqual(await d.violations(), []);
    await d.close();
  });

  it('shows this computer alone, never synced, then follows deltas; a snapshot without the list shows none', async () => {
    const d = await openDashboard(browser);
    const snap = snapshot({ sessions: 1, claims: 0, messages: 0, activity: 0 });
    const { computers: _, ...older } = snap;
    await d.send(older);
    assert.equal(await d.page.locator('.computer').count(), 0);
    const alone = [{ host: 'dev-laptop', self: true, state: 'idle', writers: 0, live: 1, working: 0,
      sessions: [{ id: 'alice-aaaaaa', name: 'alice', state: 'active', working: false }],
      sync: { syncing: false, neverSynced: true } }];
    await d.send({ type: 'delta', revision: 2, now: snap.now, computers: alone });
    assert.equal(await d.page.locator('.computer-sync').textContent(), 'Never synced with a remote.');
    const syncing = [{ ...alone[0], sync: { syncing: true, neverSynced: true } }];
    await d.send({ type: 'delta', revision: 3, now: snap.now, computers: syncing });
    assert.equal(await d.page.locator('.computer-state').textContent(), 'idle · syncing…');
    // A delta without the list leaves it as it is.
    await d.send({ type: 'delta', revision: 4, now: snap.now, context: snap.context });
    assert.equal(await d.page.locator('.computer').count(), 1);
    assert.deepEqual(d.errors, []);
    await d.close();
  });
});
