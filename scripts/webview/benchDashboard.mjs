#!/usr/bin/env node
// node scripts/webview/benchDashboard.mjs [--check] [--reps N] [--sessions N] [--claims N] [--messages N] [--json]
//
// The dashboard page in headless Chromium, under its production HTML and CSP: how long the first snapshot takes to
// draw, and how long one delta takes, at 1,000 sessions, 5,000 claims and 10,000 messages; and the size of the
// page's bundle. Each time runs from the message's arrival (the structured clone VS Code's postMessage makes is
// included) through the page's handler and the component updates it starts to a forced style and layout — the
// page's work for the message; the time until the next frame is painted is shown beside it. Prints one table with the targets and ratio = value / target; exits non-zero only with --check.
// Needs `npm run build` and `npm run compile`.
import { statSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, openDashboard, repoRoot } from './dashboardHarness.mjs';
import { activityRow, claimRow, messageRow, sessionRow, snapshot } from './dashboardFixtures.mjs';

const { values: opts } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    reps: { type: 'string', default: '40' },
    sessions: { type: 'string', default: '1000' },
    claims: { type: 'string', default: '5000' },
    messages: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
  },
});
const reps = Number(opts.reps);
const scale = { sessions: Number(opts.sessions), claims: Number(opts.claims), messages: Number(opts.messages), activity: 1000 };

const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (list) => quantile(list, 0.5);

/**
 * Runs in the page: delivers one host message as VS Code does (a structured clone, then a `message` event) and
 * times the handler, the component updates it starts (Lit renders them in microtasks, flushed by the awaits) and
 * the style and layout all that caused — the page's work for the message; then, separately, the time until the
 * next frame has been painted, which adds paint, compositing and the wait for the frame.
 */
async function timeOne(message) {
  const t0 = performance.now();
  const data = structuredClone(message);
  window.dispatchEvent(new MessageEvent('message', { data }));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  // Reading layout forces the style and layout work still queued, so it is counted here.
  void document.body.offsetHeight;
  const t1 = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return { work: t1 - t0, frame: performance.now() - t0 };
}

async function main() {
  const browser = await launchChromium();
  const results = [];
  try {
    // First render: a fresh page each time, since a page draws its first snapshot once.
    const first = { work: [], frame: [] };
    const base = snapshot({ ...scale, now: Date.now() });
    const firstReps = Math.max(3, Math.min(10, Math.round(reps / 4)));
    for (let i = 0; i < firstReps; i++) {
      const d = await openDashboard(browser, { viewport: { width: 1400, height: 1000 } });
      const t = await d.page.evaluate(timeOne, base);
      first.work.push(t.work);
      first.frame.push(t.frame);
      if (d.errors.length) throw new Error(`page errors: ${d.errors.join('; ')}`);
      await d.close();
    }
    results.push({ id: 'first', label: `first render (${scale.sessions} sessions, ${scale.claims} claims, ${scale.messages} messages)`, ...stats(first), target: 500 });

    // Deltas, on one page holding the full snapshot: the kinds the host sends most.
    const d = await openDashboard(browser, { viewport: { width: 1400, height: 1000 } });
    await d.page.evaluate(timeOne, base);
    let revision = base.revision;
    let seq = 10_000;
    const now = () => Date.now();
    const holder = base.sessions[1].id;
    const kinds = {
      heartbeat: (i) => ({ sessions: { upsert: [sessionRow(i % scale.sessions, now(), { heartbeatAt: now(), progress: i % 100 })], remove: [] } }),
      claim: (i) => ({
        claims: { upsert: [claimRow(100_000 + i, holder, now())], remove: [] },
        activity: [activityRow(++seq, holder, now())],
      }),
      message: (i) => ({
        messages: { upsert: [messageRow(200_000 + i, holder, base.context.selfId, now(), { sentAt: now() })], remove: [] },
        activity: [activityRow(++seq, holder, now())],
      }),
      read: (i) => ({ messages: { upsert: [{ ...base.messages[i % base.messages.length], read: true }], remove: [] } }),
    };
    for (const [kind, make] of Object.entries(kinds)) {
      const times = { work: [], frame: [] };
      for (let i = 0; i < reps; i++) {
        revision++;
        const t = await d.page.evaluate(timeOne, { type: 'delta', revision, now: now(), ...make(i) });
        times.work.push(t.work);
        times.frame.push(t.frame);
      }
      results.push({ id: `delta-${kind}`, label: `one delta: ${{ heartbeat: 'a heartbeat', claim: 'a new claim', message: 'a new message', read: 'a message read' }[kind]}`, ...stats(times), target: 16 });
    }
    const posted = await d.posted();
    if (posted.filter((m) => m.type === 'ready').length !== 1) throw new Error('the page asked for a fresh snapshot: a delta was out of order');
    if (d.errors.length) throw new Error(`page errors: ${d.errors.join('; ')}`);
    await d.close();
  } finally {
    await browser.close();
  }

  const kb = (f) => statSync(join(repoRoot, 'dist', 'webview', f)).size / 1024;
  const bundle = kb('dashboard.js') + kb('dashboard.css');
  results.push({ id: 'bundle', label: 'page bundle, minified (dashboard.js + dashboard.css)', value: bundle, unit: 'KB', target: 300, note: `js ${kb('dashboard.js').toFixed(1)} KB, css ${kb('dashboard.css').toFixed(1)} KB` });

  for (const r of results) {
    r.unit ??= 'ms';
    r.ratio = r.value / r.target;
    r.pass = r.value <= r.target;
  }
  const fmt = (v, unit) => (unit === 'KB' ? `${v.toFixed(1)} KB` : `${v.toFixed(1)} ms`);
  const header = ['figure', 'median', 'p95', 'to next frame', 'target', 'ratio', 'result', 'note'];
  const rows = results.map((r) => [
    r.label, fmt(r.value, r.unit), r.p95 === undefined ? '' : fmt(r.p95, r.unit), r.frame === undefined ? '' : fmt(r.frame, r.unit), `≤ ${fmt(r.target, r.unit)}`, `${r.ratio.toFixed(2)}×`, r.pass ? 'PASS' : 'FAIL', r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`dashboard bench — Chromium (${cpus()[0]?.model?.trim() ?? 'cpu'}), ${availableParallelism()} CPUs; ${reps} deltas of each kind, first render on fresh pages; value = median of handler + component updates + style + layout`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const failed = results.filter((r) => !r.pass);
  console.log(failed.length ? `${failed.length} of ${results.length} figure(s) missed the target` : `all ${results.length} figures within target`);
  if (opts.json) console.log(JSON.stringify({ scale, reps, results }, null, 2));
  return opts.check && failed.length ? 1 : 0;
}

function stats({ work, frame }) {
  return { value: median(work), p95: quantile(work, 0.95), frame: median(frame), note: `max ${Math.max(...work).toFixed(1)} ms` };
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`benchDashboard: ${error?.stack ?? error}`);
}
process.exit(code);
