// The dashboard page in a real browser (headless Chromium), under the same HTML and CSP VS Code serves it
// with, fed protocol messages as the host sends them. Run: `node --test test/webview/` after `npm run build`
// and `npm run compile`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, openDashboard } from '../../scripts/webview/dashboardHarness.mjs';
import { claimRow, context, messageRow, sessionRow, snapshot } from '../../scripts/webview/dashboardFixtures.mjs';

const LONG = 'x'.repeat(5000);
const hostile = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=2</script>',
  js: 'javascript:window.__pwned=3',
  link: '<a href="javascript:window.__pwned=4">click</a>',
  style: '<style>body{display:none}</style>',
};
const all = Object.values(hostile);

/** Everything an attack could have put in the page, looked for in the document and in every shadow root. */
async function injected(page) {
  return page.evaluate(() => {
    const roots = [document];
    const found = { img: 0, script: 0, a: 0, style: 0, iframe: 0, object: 0, handlers: 0 };
    while (roots.length) {
      const root = roots.pop();
      for (const node of root.querySelectorAll('*')) {
        if (node.shadowRoot) roots.push(node.shadowRoot);
        const tag = node.tagName.toLowerCase();
        if (tag in found) found[tag]++;
        for (const attr of node.getAttributeNames()) if (attr.startsWith('on')) found.handlers++;
      }
    }
    return { found, pwned: window.__pwned ?? null };
  });
}

describe('dashboard page in Chromium', () => {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('shows hostile strings from files as text: no element injected, no script run, no request made', async () => {
    const d = await openDashboard(browser);
    const now = Date.now();
    const self = sessionRow(0, now, { id: 'me-aaaaaa', name: 'me', state: 'active' });
    const evil = sessionRow(1, now, { id: 'evil-bbbbbb', name: hostile.img, role: hostile.script, host: hostile.js, action: hostile.link, target: LONG, phase: hostile.style, state: 'active' });
    const snap = {
      type: 'snapshot',
      revision: 1,
      now,
      context: context({ selfId: self.id, rootLabel: hostile.img, roots: [{ path: '/a', label: hostile.script, hasTree: true }, { path: '/b', label: hostile.link, hasTree: false }] }),
      sessions: [self, evil],
      claims: [claimRow(1, evil.id, now, { reason: hostile.script }), claimRow(2, self.id, now, { reason: LONG })],
      messages: [
        messageRow(1, evil.id, self.id, now, { subject: hostile.img, body: `${hostile.script}\n${hostile.link}\n${LONG}`, read: false }),
        messageRow(2, evil.id, 'broadcast', now, { subject: LONG, body: hostile.js }),
      ],
      activity: [{ seq: 1, at: now, kind: 'messageSent', session: evil.id, to: 'broadcast', subject: hostile.script }],
    };
    await d.send(snap);
    // Open the hostile message in the reading pane and start a reply, so its subject lands in the form too.
    await d.page.locator(`.feed-row[data-id="${snap.messages[0].id}"]`).click();
    await d.page.locator('.reader vscode-button', { hasText: 'Reply' }).click();
    // Open the recipient list, which draws the hostile session name inside the select's shadow DOM.
    await d.page.locator('.compose vscode-single-select').first().click();
    await d.page.waitForTimeout(200);

    const { found, pwned } = await injected(d.page);
    assert.equal(pwned, null, 'no hostile script ran');
    assert.equal(found.img + found.iframe + found.object, 0, `no element injected: ${JSON.stringify(found)}`);
    assert.equal(found.script, 1, 'only the page\'s own script');
    assert.equal(found.a, 0, 'no link was made from a string');
    assert.equal(found.handlers, 0, 'no inline event handler attribute anywhere');

    const texts = await d.page.evaluate(() => ({
      card: document.querySelector('.card:not(.self) .card-name')?.textContent,
      meta: document.querySelector('.card:not(.self) .card-meta')?.textContent,
      doing: document.querySelector('.card:not(.self) .card-doing')?.textContent,
      phase: document.querySelector('.card:not(.self) .card-phase')?.textContent,
      subject: document.querySelector('.reader-subject')?.textContent,
      body: document.querySelector('.reader-body')?.textContent,
      activity: document.querySelector('.act-text')?.textContent,
      reason: [...document.querySelectorAll('.td-reason')].map((e) => e.textContent),
      replying: document.querySelector('.replying span')?.textContent,
      root: document.querySelector('.top vscode-single-select vscode-option')?.textContent,
    }));
    assert.equal(texts.card, hostile.img);
    assert.equal(texts.meta, [hostile.script, 'agent', hostile.js].join(' · '));
    assert.equal(texts.doing, `${hostile.link} ${LONG}`);
    assert.equal(texts.phase, hostile.style);
    assert.equal(texts.subject, hostile.img);
    assert.equal(texts.body, `${hostile.script}\n${hostile.link}\n${LONG}`);
    assert.ok(texts.activity?.endsWith(hostile.script), texts.activity);
    assert.ok(texts.reason.includes(hostile.script) && texts.reason.includes(LONG));
    assert.ok(texts.replying?.includes(hostile.img));
    assert.equal(texts.root, hostile.script);

    // 5,000 characters without a break stay inside their boxes: the page never scrolls sideways.
    const overflow = await d.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`);
    const body = await d.page.locator('.reader-body').boundingBox();
    const side = await d.page.locator('.messages-side').boundingBox();
    assert.ok(body.x + body.width <= side.x + side.width + 1, 'the long body wraps within the reading pane');

    assert.deepEqual(await d.violations(), [], 'no Content-Security-Policy violation');
    assert.deepEqual(d.requests, [], 'no request outside the webview\'s own resources');
    assert.deepEqual(d.errors, []);
    await d.close();
  });

  it('shows right-to-left overrides and zero-width characters escaped, as every front end does', async () => {
    const d = await openDashboard(browser);
    const now = Date.now();
    const self = sessionRow(0, now, { id: 'me-aaaaaa', name: 'me', state: 'active' });
    // U+202E turns "invoice\u202Efdp.exe" into "invoiceexe.pdf" on screen; U+200B hides inside a word.
    const spoof = sessionRow(1, now, { id: 'spoof-bbbbbb', name: 'admin\u202Enimda', action: 'edit\u200Bing', target: 'a\u2066b', state: 'active' });
    const glob = 'src/\u200Bauth/**';
    await d.send({
      type: 'snapshot',
      revision: 1,
      now,
      context: context({ selfId: self.id }),
      sessions: [self, spoof],
      claims: [claimRow(1, spoof.id, now, { type: 'path', name: 'p1', key: 'path/p1', glob, reason: 'fix \u202Etxt.exe' })],
      messages: [messageRow(1, spoof.id, self.id, now, { subject: 'pay \u200Bnow', body: 'line one\u200F\nline \uFEFFtwo', read: false })],
      activity: [],
    });
    await d.page.locator('.feed-row').first().click();
    const texts = await d.page.evaluate(() => ({
      card: document.querySelector('.card:not(.self) .card-name')?.textContent,
      doing: document.querySelector('.card:not(.self) .card-doing')?.textContent,
      doingTitle: document.querySelector('.card:not(.self) .card-doing')?.getAttribute('title'),
      claim: document.querySelector('.td-claim')?.textContent,
      claimTitle: document.querySelector('.td-claim')?.getAttribute('title'),
      reason: document.querySelector('.td-reason')?.textContent,
      feedSubject: document.querySelector('.feed-row')?.getAttribute('aria-label'),
      subject: document.querySelector('.reader-subject')?.textContent,
      body: document.querySelector('.reader-body')?.textContent,
      page: document.body.innerText,
    }));
    assert.equal(texts.card, 'admin\\u202Enimda');
    assert.equal(texts.doing, 'edit\\u200Bing a\\u2066b');
    assert.equal(texts.doingTitle, 'edit\\u200Bing a\\u2066b');
    assert.equal(texts.claim, 'path src/\\u200Bauth/**');
    assert.equal(texts.claimTitle, 'path src/\\u200Bauth/**');
    assert.equal(texts.reason, 'fix \\u202Etxt.exe');
    assert.ok(texts.feedSubject?.endsWith('pay \\u200Bnow'), texts.feedSubject);
    assert.equal(texts.subject, 'pay \\u200Bnow');
    assert.equal(texts.body, 'line one\\u200F\nline \\uFEFFtwo');
    assert.doesNotMatch(texts.page, /[\u200B\u200F\u202E\u2066\uFEFF]/, 'no raw invisible character anywhere on the page');
    assert.deepEqual(d.errors, []);
    await d.close();
  });

  it('draws a snapshot: figures, cards, claims, threads and activity', async () => {
    const d = await openDashboard(browser);
    const snap = snapshot({ sessions: 12, claims: 30, messages: 40, activity: 25 });
    await d.send(snap);
    const figures = await d.page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('.metric')].map((m) => [m.querySelector('.metric-label').textContent, Number(m.querySelector('.metric-value').textContent)])),
    );
    const count = (state) => snap.sessions.filter((s) => s.state === state).length;
    assert.equal(figures['active sessions'], count('active'));
    assert.equal(figures.stale, count('stale'));
    assert.equal(figures.gone, count('gone'));
    assert.equal(figures.unread, snap.messages.filter((m) => !m.read).length);
    const cards = await d.page.locator('.card').count();
    assert.ok(cards >= 5 && cards <= snap.sessions.length, `cards drawn: ${cards}`);
    assert.match(await d.page.locator('.card.self .card-name').textContent(), /\(this window\)/);
    // Renewals are hidden until asked for.
    assert.equal(await d.page.locator('.panel-activity vscode-badge').textContent(), String(snap.activity.filter((a) => a.kind !== 'renewed').length));
    // Every fourth message replies to the one before: 40 messages fold into 30 threads.
    assert.equal(await d.page.locator('.fold:not([hidden])').count() > 0, true);
    assert.deepEqual(d.errors, []);
    await d.close();
  });

  it('applies deltas in order, and asks for a fresh snapshot after a gap', async () => {
    const d = await openDashboard(browser);
    const snap = snapshot({ sessions: 3, claims: 0, messages: 0, activity: 0 });
    await d.send(snap);
    const holder = snap.sessions[1].id;
    const added = claimRow(99, holder, snap.now, { reason: 'new work' });
    await d.send({ type: 'delta', revision: 2, now: snap.now, claims: { upsert: [added], remove: [] }, activity: [{ seq: 1, at: snap.now, kind: 'claimed', session: holder, claim: added.key }] });
    assert.equal(await d.page.locator(`.claim-row[data-key="${added.key}"]`).count(), 1);
    assert.match(await d.page.locator('.act-text').first().textContent(), new RegExp(`claimed ${added.key}`));
    await d.send({ type: 'delta', revision: 3, now: snap.now, claims: { upsert: [], remove: [added.key] } });
    assert.equal(await d.page.locator(`.claim-row[data-key="${added.key}"]:not([hidden])`).count(), 0);
    assert.equal(await d.page.locator('.panel-claims .vl-empty:not([hidden])').count(), 1);

    const before = (await d.posted()).filter((m) => m.type === 'ready').length;
    await d.send({ type: 'delta', revision: 7, now: snap.now, claims: { upsert: [added], remove: [] } });
    const readies = (await d.posted()).filter((m) => m.type === 'ready').length;
    assert.equal(readies, before + 1, 'a gap makes the page say ready again');
    assert.equal(await d.page.locator(`.claim-row[data-key="${added.key}"]:not([hidden])`).count(), 0, 'the out-of-order delta was not applied');
    await d.close();
  });

  it('shows a path claim by its glob (marked shared), keyed and acted on by its key', async () => {
    const d = await openDashboard(browser);
    const snap = snapshot({ sessions: 2, claims: 0, messages: 0, activity: 0 });
    await d.send(snap);
    const holder = snap.sessions[1].id;
    const files = claimRow(7, holder, snap.now, { type: 'path', name: 'src-core-all-0123456789abcdef', key: 'path/src-core-all-0123456789abcdef', glob: 'src/core/**', shared: true });
    await d.send({ type: 'delta', revision: 2, now: snap.now, claims: { upsert: [files], remove: [] } });
    const cell = d.page.locator(`.claim-row[data-key="${files.key}"] .td-claim`);
    assert.equal(await cell.textContent(), 'path src/core/** (shared)');
    assert.equal(await cell.getAttribute('title'), 'path src/core/** (shared)');
    await d.close();
  });

  it('sends actions to the host: release, renew, force-release, sort, read, reply and send', async () => {
    const d = await openDashboard(browser);
    const now = Date.now();
    const me = sessionRow(0, now, { id: 'me-aaaaaa', name: 'me', state: 'active' });
    const other = sessionRow(1, now, { id: 'other-bbbbbb', name: 'other', state: 'active' });
    const mine = claimRow(1, me.id, now, { expiresAt: now + 3_600_000 });
    const theirs = claimRow(2, other.id, now, { expiresAt: now + 60_000 });
    const message = messageRow(1, other.id, me.id, now, { subject: 'review please', read: false });
    await d.send({ type: 'snapshot', revision: 1, now, context: context({ selfId: me.id }), sessions: [me, other], claims: [mine, theirs], messages: [message], activity: [] });

    await d.page.locator(`.claim-row[data-key="${mine.key}"] .act-release`).click();
    await d.page.locator(`.claim-row[data-key="${mine.key}"] .act-renew`).click({ force: true });
    await d.page.locator(`.claim-row[data-key="${theirs.key}"]`).hover();
    await d.page.locator(`.claim-row[data-key="${theirs.key}"] .act-force`).click();
    assert.equal(await d.page.locator(`.claim-row[data-key="${theirs.key}"] .act-release:not([hidden])`).count(), 0, 'no Release on another session\'s claim');
    let posted = await d.posted();
    const actions = posted.filter((m) => m.type === 'claimAction').map((m) => `${m.action} ${m.claimType}/${m.name}`);
    assert.deepEqual(actions, [`release ${mine.key}`, `forceRelease ${theirs.key}`], 'a busy claim takes no second action until the host answers');
    const release = posted.find((m) => m.type === 'claimAction');
    await d.send({ type: 'actionResult', requestId: release.requestId, ok: true });

    // Sorting by holder, then again for descending; the choice is kept in the page's saved state.
    await d.page.locator('.th-holder').click();
    await d.page.locator('.th-holder').click();
    assert.deepEqual((await d.state()).claimSort, { column: 'holder', descending: true });
    const holders = await d.page.locator('.claim-row:not([hidden]) .td-holder').allTextContents();
    assert.deepEqual(holders, ['other', 'me (you)']);

    await d.page.locator('.feed-row', { hasText: 'review please' }).click();
    posted = await d.posted();
    assert.ok(posted.some((m) => m.type === 'markRead' && m.id === message.id), 'reading it marks it read');
    await d.page.locator('.reader vscode-button', { hasText: 'Reply' }).click();
    await d.page.locator('.compose vscode-textarea').evaluate((t) => {
      t.value = 'looks good';
    });
    await d.page.locator('.compose-send').click();
    posted = await d.posted();
    const send = posted.find((m) => m.type === 'send');
    assert.deepEqual({ ...send, requestId: 0 }, { type: 'send', requestId: 0, to: other.id, subject: 'Re: review please', body: 'looks good', priority: 'normal', replyTo: message.id });
    await d.send({ type: 'actionResult', requestId: send.requestId, ok: true });
    assert.equal(await d.page.locator('.compose vscode-textfield').evaluate((t) => t.value), '', 'a sent message clears the form');
    assert.equal(await d.page.locator('.compose-note').textContent(), 'Sent.');
    assert.deepEqual(await d.violations(), []);
    await d.close();
  });

  it('a reply goes to its sender even when the sender is no longer live, and a chosen recipient survives new sessions', async () => {
    const d = await openDashboard(browser);
    const now = Date.now();
    const me = sessionRow(0, now, { id: 'me-aaaaaa', name: 'me', state: 'active' });
    const gone = sessionRow(1, now, { id: 'gone-bbbbbb', name: 'gone one', state: 'gone' });
    const live = sessionRow(2, now, { id: 'live-cccccc', name: 'live one', state: 'active' });
    const message = messageRow(1, gone.id, me.id, now, { subject: 'old question' });
    await d.send({ type: 'snapshot', revision: 1, now, context: context({ selfId: me.id }), sessions: [me, gone, live], claims: [], messages: [message], activity: [] });
    await d.page.locator(`.feed-row[data-id="${message.id}"]`).click();
    await d.page.locator('.reader vscode-button', { hasText: 'Reply' }).click();
    await d.page.waitForTimeout(50);
    assert.equal(await d.page.locator('.compose vscode-single-select').first().evaluate((s) => s.value), gone.id, 'the select shows the sender');
    // A session joins while the reply is being written: the options are rebuilt, the recipient stays.
    await d.send({ type: 'delta', revision: 2, now, sessions: { upsert: [sessionRow(3, now, { id: 'new-dddddd', name: 'newcomer', state: 'active' })], remove: [] } });
    await d.page.waitForTimeout(50);
    await d.page.locator('.compose vscode-textarea').evaluate((t) => {
      t.value = 'answer';
    });
    await d.page.locator('.compose-send').click();
    const send = (await d.posted()).find((m) => m.type === 'send');
    assert.equal(send.to, gone.id, 'never quietly turned into a broadcast');
    assert.equal(send.replyTo, message.id);
    await d.close();
  });

  it('without a session it offers Register and sends nothing', async () => {
    const d = await openDashboard(browser);
    const snap = snapshot({ sessions: 3, claims: 3, messages: 2, activity: 0 });
    snap.context = context({ selfId: undefined });
    delete snap.context.selfId;
    await d.send(snap);
    assert.equal(await d.page.locator('.top vscode-button', { hasText: 'Register This Window' }).isVisible(), true);
    assert.equal(await d.page.locator('.act-force:visible, .act-release:visible').count(), 0);
    assert.equal(await d.page.locator('.compose-send').evaluate((b) => b.disabled), true);
    await d.page.locator('.top vscode-button', { hasText: 'Register This Window' }).click();
    assert.ok((await d.posted()).some((m) => m.type === 'runCommand' && m.command === 'coordination.registerSession'));
    await d.close();
  });
});
