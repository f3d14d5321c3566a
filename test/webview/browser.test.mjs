// The browser every page and VS Code suite drives (scripts/lib/browser.mjs): Chromium from the npm registry, with
// its own libraries and fonts, installed once into the tool cache even when suites start together. Run with the
// other page tests: `node --test test/webview/`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { browserPaths, chromiumLaunchOptions } from '../../scripts/lib/browser.mjs';
import { repoRoot } from '../../scripts/webview/dashboardHarness.mjs';

/** The processes this one started, with the file each runs and the libraries it has loaded. */
function children() {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      found.push({ pid, exe: realpathSync(`/proc/${pid}/exe`), maps: readFileSync(`/proc/${pid}/maps`, 'utf8') });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('the tests’ browser: Chromium from npm, with its own libraries and fonts', () => {
  let browser;
  before(async () => {
    delete process.env.COORD_CHROMIUM; // the npm browser, even where a machine names another
    browser = await chromium.launch(await chromiumLaunchOptions());
  });
  after(async () => {
    await browser?.close();
  });

  it('runs the binary unpacked into the tool cache, with the NSS libraries that came with it', () => {
    const paths = browserPaths();
    const ours = children().filter((c) => c.exe === realpathSync(paths.executable));
    const seen = JSON.stringify(children().map((c) => c.exe));
    assert.equal(ours.length, 1, `no child process runs ${paths.executable}: ${seen}`);
    assert.ok(ours[0].maps.includes(join(paths.libDir, 'libnss3.so')), 'libnss3 is not the package’s own');
  });

  it('draws with the npm fonts (DejaVu): generic families, unknown ones as sans-serif, none of the machine', async () => {
    const page = await browser.newPage();
    const drawn = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 400;
      canvas.height = 60;
      const ctx = canvas.getContext('2d');
      const width = (font) => {
        ctx.font = font;
        return ctx.measureText('Coordination 0123 iiii WWWW').width;
      };
      ctx.font = '32px sans-serif';
      ctx.fillText('Coordination', 4, 40);
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
      return {
        inked,
        sans: [width('20px sans-serif'), width('20px "DejaVu Sans"')],
        mono: [width('20px monospace'), width('20px "DejaVu Sans Mono"')],
        serif: [width('20px serif'), width('20px "DejaVu Serif"')],
        // Debian's chromium pulls in Liberation: the npm browser must not find it, any more than a font nowhere.
        liberation: [width('20px "Liberation Sans"'), width('20px "No Such Font"')],
        // VS Code's UI font lists start with names no Linux machine has, or system-ui: as on Debian, a family not
        // found falls back to sans-serif, in every weight (not to whichever font fontconfig happens to list first).
        unknown: [width('20px "Segoe WPC"'), width('20px "DejaVu Sans"')],
        unknownBold: [width('bold 20px "Ubuntu"'), width('bold 20px "DejaVu Sans"')],
        systemUi: [width('20px system-ui, "Ubuntu", "Droid Sans", sans-serif'), width('20px "DejaVu Sans"')],
      };
    });
    await page.close();
    assert.ok(drawn.inked > 500, `the text drew ${drawn.inked} pixels: no fonts?`);
    for (const key of ['sans', 'mono', 'serif', 'liberation', 'unknown', 'unknownBold', 'systemUi']) {
      assert.equal(drawn[key][0], drawn[key][1], `${key}: ${JSON.stringify(drawn)}`);
    }
    assert.notEqual(drawn.sans[0], drawn.mono[0], 'sans-serif and monospace are the same font');
  });
});

describe('the tests’ browser: installed once when suites start together', () => {
  let cache;
  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'coord-browser-cache-'));
  });
  after(() => rmSync(cache, { recursive: true, force: true }));

  // Started together, the second finds the first's lock: an install takes seconds, starting node tens of ms.
  it('two installs at once into an empty cache: one installs, the other waits, both get a working browser', async () => {
    const env = { ...process.env, COORD_VSCODE_CACHE: cache };
    const install = () =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'lib', 'browser.mjs')], { env });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    const runs = await Promise.all([install(), install()]);
    for (const r of runs) assert.equal(r.code, 0, r.out);
    const both = runs.map((r) => r.out).join('\n');
    assert.equal(both.match(/chromium-[\d.]+ installed in/g)?.length, 1, both);
    assert.match(both, /waiting for another install/);

    const before = process.env.COORD_VSCODE_CACHE;
    process.env.COORD_VSCODE_CACHE = cache;
    try {
      const other = await chromium.launch(await chromiumLaunchOptions());
      assert.match(other.version(), /^\d+\./);
      await other.close();
    } finally {
      if (before === undefined) delete process.env.COORD_VSCODE_CACHE;
      else process.env.COORD_VSCODE_CACHE = before;
    }
  });
});
