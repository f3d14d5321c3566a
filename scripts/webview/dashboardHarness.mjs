// Loads the built dashboard page (dist/webview) into headless Chromium exactly as VS Code serves it — the same
// HTML and Content-Security-Policy from src/dashboard/dashboardHtml.ts — with a stand-in for the webview API
// that records what the page posts. Host messages are dispatched to the page as VS Code does, as `message`
// events on its window. Shared by the webview tests and the benchmark. Needs `npm run build` and
// `npm run compile` (for out/src/dashboard/dashboardHtml.js).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../lib/browser.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = join(repoRoot, 'dist', 'webview');
const htmlModule = join(repoRoot, 'out', 'src', 'dashboard', 'dashboardHtml.js');
const ORIGIN = 'https://webview.test';

export async function launchChromium() {
  for (const [file, hint] of [[join(distDir, 'dashboard.js'), 'npm run build'], [htmlModule, 'npm run compile']]) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run \`${hint}\` first`);
  }
  return chromium.launch(await chromiumLaunchOptions());
}

/** A few of the variables VS Code sets on a webview, so the page is drawn in colours close to the real ones. */
const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'font-family': 'DejaVu Sans, sans-serif', 'font-size': '13px', 'font-weight': 'normal', 'editor-font-family': 'monospace',
      'foreground': '#cccccc', 'descriptionForeground': '#9d9d9d', 'editor-background': '#1f1f1f', 'sideBar-background': '#181818',
      'panel-border': '#2b2b2b', 'focusBorder': '#0078d4', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
      'testing-iconPassed': '#73c991', 'editorWarning-foreground': '#cca700', 'errorForeground': '#f85149', 'textLink-foreground': '#4daafc',
      'list-hoverBackground': '#2a2d2e', 'list-inactiveSelectionBackground': '#37373d', 'progressBar-background': '#0078d4',
      'input-background': '#313131', 'input-foreground': '#cccccc', 'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'font-family': 'DejaVu Sans, sans-serif', 'font-size': '13px', 'font-weight': 'normal', 'editor-font-family': 'monospace',
      'foreground': '#3b3b3b', 'descriptionForeground': '#717171', 'editor-background': '#ffffff', 'sideBar-background': '#f8f8f8',
      'panel-border': '#e5e5e5', 'focusBorder': '#005fb8', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'testing-iconPassed': '#388a34',
      'editorWarning-foreground': '#bf8803', 'errorForeground': '#f85149', 'textLink-foreground': '#005fb8',
    },
  },
};

/**
 * Opens the page. Returns helpers: `send(message)` dispatches one host message synchronously and resolves once
 * the page has drawn it; `posted()` lists what the page posted to the host; `violations()` lists CSP violations.
 */
export async function openDashboard(browser, { theme = 'dark', viewport = { width: 1400, height: 1100 }, state } = {}) {
  const { dashboardHtml } = createRequire(import.meta.url)(htmlModule);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const html = dashboardHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dashboard.js`, styleUri: `${ORIGIN}/dashboard.css`, nonce });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/index.html') return route.fulfill({ body: html, contentType: 'text/html' });
    const file = join(distDir, path.slice(1));
    if (!/^\/dashboard\.(js|css)$/.test(path) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ body: readFileSync(file), contentType: path.endsWith('.js') ? 'text/javascript' : 'text/css' });
  });
  // Anything else the page asks for would be a leak: refuse it and remember it.
  const requests = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(ORIGIN)) requests.push(r.url());
  });
  const t = THEMES[theme];
  // An init script runs before the page's own and is not subject to its CSP, as VS Code's preload is not.
  await page.addInitScript(({ vars, bodyClass, state }) => {
    window.__posted = [];
    window.__violations = [];
    window.__state = state;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => {
        window.__state = JSON.parse(JSON.stringify(s));
      },
    });
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
    document.addEventListener('DOMContentLoaded', () => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
      document.body.classList.add(bodyClass);
    });
  }, { vars: t.vars, bodyClass: t.bodyClass, state });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return {
    page,
    context,
    errors,
    requests,
    /** Dispatches a host message and waits until the page says it drew it (or, for action results, returns). */
    send: (message) =>
      page.evaluate((m) => {
        const drawn = new Promise((res) => document.addEventListener('dashboard:rendered', res, { once: true }));
        window.dispatchEvent(new MessageEvent('message', { data: m }));
        return m.type === 'actionResult' ? undefined : Promise.race([drawn, new Promise((res) => setTimeout(res, 2000))]).then(() => undefined);
      }, message),
    posted: () => page.evaluate(() => window.__posted),
    violations: () => page.evaluate(() => window.__violations),
    state: () => page.evaluate(() => window.__state),
    close: () => context.close(),
  };
}
