// The page reaches the host's code only through src/dashboard/protocol.ts, and its bundle carries no zod and none of
// the core beyond what protocol.ts re-exports for it. Run with the other page tests: `node --test test/webview/`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import ts from 'typescript';

const repo = resolve(import.meta.dirname, '..', '..');
const pageDir = join(repo, 'webview');
const protocol = join(repo, 'src', 'dashboard', 'protocol.ts');

/** Every module a page file imports or re-exports, as TypeScript reads them, resolved when relative. */
function importsOf(file) {
  const specs = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
  return specs.map((s) => (s.startsWith('.') ? resolve(join(file, '..'), s) : s));
}

describe('the page imports', () => {
  it("leave webview/ only for src/dashboard/protocol.ts (and the UI toolkit's elements)", () => {
    const crossings = [];
    for (const name of readdirSync(pageDir).filter((f) => f.endsWith('.ts'))) {
      const file = join(pageDir, name);
      for (const target of importsOf(file)) {
        const inside = target.startsWith(`${pageDir}/`);
        const allowed =
          target === protocol.replace(/\.ts$/, '') ||
          target.startsWith('@vscode-elements/elements/') ||
          target === join(pageDir, 'dashboard.css');
        if (!inside && !allowed)
          crossings.push(`${name} → ${target.startsWith('/') ? relative(repo, target) : target}`);
      }
    }
    assert.deepEqual(crossings, []);
  });

  it("bundle no zod and, of the host's code, only protocol.ts and what it re-exports for the page", async () => {
    const result = await esbuild.build({
      entryPoints: [join(pageDir, 'main.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      outdir: join(repo, 'out', 'pageImports'),
      loader: { '.css': 'css' },
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.deepEqual(
      inputs.filter((f) => f.includes('node_modules/zod')),
      [],
    );
    assert.deepEqual(inputs.filter((f) => f.startsWith('src/')).sort(), [
      'src/core/store/cleanText.ts',
      'src/core/store/durationText.ts',
      'src/dashboard/protocol.ts',
    ]);
  });
});
