// CI's check of the README's `npm ci && npm start` (after `npm ci` already ran): start it as a person does, wait
// for the URL it prints, check that the URL answers over HTTP and that the first thing the page shows is the
// Coordination dashboard (not a welcome page), then press Ctrl+C — SIGINT to its whole process group, as a
// terminal sends it — and check that it exits 0, leaves nothing listening, and its simulated agents' sessions ended
// (none left looking alive in the demo).
//
//   node .ci/check-start.mjs [--screenshot FILE]     exit 0 when every check passed
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get } from 'node:http';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../scripts/lib/browser.mjs';

const { values: opts } = parseArgs({ options: { screenshot: { type: 'string' } } });
const say = (m) => console.log(`check-start: ${m}`);
const fail = (m) => {
  console.error(`check-start: FAILED: ${m}`);
  process.exitCode = 1;
};
// The first run installs code-server (about 800 MB from the registry): minutes, not seconds.
const urlTimeoutMs = 20 * 60_000;
const started = Date.now();

// detached: its own process group, so the SIGINT below reaches npm, the shell and every process under them.
const child = spawn('npm', ['start'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
let output = '';
const onData = (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
};
child.stdout.setEncoding('utf8').on('data', onData);
child.stderr.setEncoding('utf8').on('data', onData);

const url = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve(undefined), urlTimeoutMs);
  const look = () => {
    const m = /VS Code is ready: open (http:\/\/\S+)/.exec(output);
    if (!m) return;
    clearTimeout(timer);
    resolve(m[1]);
  };
  child.stdout.on('data', look);
  void exited.then(() => resolve(undefined));
});

try {
  if (!url) throw new Error(`npm start printed no URL within ${urlTimeoutMs / 60_000} min (or ended early)`);
  say(`URL after ${((Date.now() - started) / 1000).toFixed(0)} s: ${url}`);
  const status = await httpStatus(url);
  if (status !== 200) throw new Error(`${url} answered HTTP ${status}`);
  say(`${url} answers HTTP 200`);
  await checkFirstView(url);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const stopAt = Date.now();
try {
  process.kill(-child.pid, 'SIGINT');
} catch (error) {
  fail(`could not send SIGINT: ${String(error)}`);
}
const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 60_000));
const exit = await Promise.race([exited, timeout]);
if (exit === 'timeout') {
  fail('npm start did not exit within 60 s of SIGINT');
  process.kill(-child.pid, 'SIGKILL');
} else if (!/^\[start\] stopped$/m.test(output)) {
  fail(`npm start ended (${exit.code ?? exit.signal}) without stopping cleanly: its shutdown did not run to the end`);
} else if (exit.code !== 0 && exit.signal !== 'SIGINT' && exit.code !== 130) {
  // npm itself ends by the signal it was sent once its script has exited, as after Ctrl+C in a terminal.
  fail(`npm start exited ${exit.code ?? exit.signal} on SIGINT`);
} else {
  const how = exit.code === 0 ? 'exit 0' : `npm ${exit.signal ?? exit.code}, its script exit 0`;
  say(`npm start stopped cleanly (${how}) ${((Date.now() - stopAt) / 1000).toFixed(1)} s after SIGINT`);
}
if (/EPIPE|Unhandled|^\s+at .+:\d+:\d+\)?$/m.test(output)) fail('npm start printed an error or a stack trace');
await checkSimulationEnded();
if (url && (await httpStatus(url)) !== 0) fail(`${url} still answers after npm start exited`);
if (!process.exitCode) say('all checks passed');

/** The page a newcomer opens: its active editor must be the Coordination dashboard, and no welcome page open. */
async function checkFirstView(pageUrl) {
  const browser = await chromium.launch(await chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(pageUrl);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    const active = page.locator('.tabs-container .tab.active');
    const deadline = Date.now() + 120_000;
    let label = '';
    while (Date.now() < deadline) {
      label = (await active.first().getAttribute('aria-label').catch(() => null)) ?? '';
      if (/^Coordination\b/.test(label)) break;
      await page.waitForTimeout(500);
    }
    // The dashboard's page itself must have drawn, not only its tab.
    const frame = page.frameLocator('iframe.webview').frameLocator('iframe');
    await frame.locator('body *').first().waitFor({ timeout: 60_000 }).catch(() => {});
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot });
    const tabs = await page
      .locator('.tabs-container .tab')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    if (!/^Coordination\b/.test(label)) {
      throw new Error(`the first editor is ${JSON.stringify(label)}, not the dashboard (tabs: ${tabs.join(', ')})`);
    }
    if (tabs.some((t) => /welcome/i.test(t ?? ''))) throw new Error(`a welcome page is open: ${tabs.join(', ')}`);
    say(`the first view is the dashboard (tabs: ${tabs.join(', ')})`);
  } finally {
    await browser.close();
  }
}

function httpStatus(target) {
  return new Promise((resolve) => {
    const req = get(target, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(5000, () => req.destroy());
  });
}

/** Every session the demo's simulated agents started in this run is ended once npm start has stopped. */
async function checkSimulationEnded() {
  const workspace = /^\[start\] demo workspace (.+)$/m.exec(output)?.[1];
  if (!workspace) return fail('npm start did not say where its demo workspace is');
  const dir = join(workspace, 'docs', 'coordination', 'sessions');
  const ours = () =>
    (existsSync(dir) ? readdirSync(dir) : [])
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
      .filter((s) => Date.parse(s.startedAt) >= started);
  const deadline = Date.now() + 10_000;
  while (ours().some((s) => !s.endedAt) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const sessions = ours();
  const live = sessions.filter((s) => !s.endedAt).map((s) => s.id);
  if (sessions.length === 0) fail('the simulated agents started no session');
  else if (live.length > 0) fail(`the simulated agents' sessions were left live: ${live.join(', ')}`);
  else say(`the ${sessions.length} simulated sessions ended with it`);
}
