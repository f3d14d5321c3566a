// The dashboard's Health section in a real browser (headless Chromium), under the production HTML and CSP.
// Run with the other page tests: `node --test test/webview/` after `npm run build`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, openDashboard } from '../../scripts/webview/dashboardHarness.mjs';
import { snapshot } from '../../scripts/webview/dashboardFixtures.mjs';

const evil = '<img src=x onerror="window.__pwned=1">';

function health(now, overrides = {}) {
  return {
    round: 7,
    at: now - 4000,
    runBy: 'this window',
    insights: [
      { key: 'dup', kind: 'duplicate-work', severity: 'warning', text: `2 sessions work on the same target ${evil}`, sessions: ['me-aaaaaa', 'x-bbbbbb'] },
      { key: 'svc', kind: 'service', severity: 'error', text: 'service db is offline (connection refused)', sessions: [] },
    ],
    events: [{ key: 'e1', kind: 'claim-freed', severity: 'info', text: 'claim issue/1 of x freed: its lease ran out', sessions: ['x'], at: now - 5000 }],
    milestones: { done: 3, total: 4, items: [{ name: 'beta', title: `Beta ${evil}`, done: 3, total: 4 }, { name: 'ga', title: 'GA', done: 0, total: 0 }], problems: 1 },
    services: {
      checked: true,
      configured: 2,
      items: [
        { name: evil, state: 'online', responseMs: 12, history: ['online', 'online'] },
        { name: 'db', state: 'offline', responseMs: 1, detail: 'connection refused', history: ['online', 'offline'] },
      ],
    },
    ...overrides,
  };
}

describe('dashboard page: the Health section', () => {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('waits for the first round, then shows insights, milestones, services and events — text from files as text', async () => {
    const d = await openDashboard(browser);
    const snap = snapshot({ sessions: 2, claims: 0, messages: 0, activity: 0 });
    await d.send(snap);
    assert.equal(await d.page.locator('.health-waiting:not([hidden])').count(), 1);
    await d.send({ type: 'delta', revision: 2, now: snap.now, health: health(snap.now) });
    assert.equal(await d.page.locator('.health-waiting:not([hidden])').count(), 0);
    assert.equal(await d.page.locator('.panel-health vscode-badge').textContent(), '2');
    assert.deepEqual(await d.page.locator('.health-insights .finding').allTextContents(), [`2 sessions work on the same target ${evil}`, 'service db is offline (connection refused)']);
    assert.equal(await d.page.locator('.health-insights .finding.severity-error').count(), 1);
    assert.deepEqual(await d.page.locator('.milestone .milestone-count').allTextContents(), ['3/4 · 75%', '0/0 · 0%', '3/4 · 75%']);
    assert.deepEqual(await d.page.locator('.service .service-state').allTextContents(), ['online · 12 ms', 'offline']);
    assert.equal(await d.page.locator('.service .service-history').last().textContent(), '●○');
    assert.match(await d.page.locator('.health-status').textContent(), /^round 7 · \d+s ago · run by this window$/);
    assert.equal(await d.page.locator('.panel-health img').count(), 0);
    assert.equal(await d.page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(d.errors, []);
    await d.close();
  });

  it('an untrusted window says the services were not checked; a snapshot carries the section too', async () => {
    const d = await openDashboard(browser);
    const snap = snapshot({ sessions: 2, claims: 0, messages: 0, activity: 0 });
    await d.send({ ...snap, health: health(snap.now, { runBy: 'another process', services: { checked: false, reason: 'the workspace is not trusted: no request was made', configured: 3, items: [] } }) });
    assert.match(await d.page.locator('.health-services').textContent(), /3 service\(s\) not checked: the workspace is not trusted/);
    assert.match(await d.page.locator('.health-status').textContent(), /run by another process/);
    await d.close();
  });
});
