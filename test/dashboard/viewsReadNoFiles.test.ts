import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The repository root: out/test/dashboard → ../../.. */
const repo = resolve(__dirname, '../../..');
/** What renders: the extension's tree views and the dashboard's host side. They show the snapshot and nothing else. */
const renderers = [join(repo, 'src', 'extension', 'views'), join(repo, 'src', 'dashboard')];
/** Reading files while rendering: the file system itself, and what reads `.local/claim-refs/` per claim or folder. */
const forbidden = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  join(repo, 'src', 'core', 'sync', 'claimRefState'),
  join(repo, 'src', 'core', 'sync', 'claimConfirmationIndex'),
];

/** Every module a file imports or re-exports (type-only imports too), resolved when relative. */
function importsOf(file: string): string[] {
  const specs = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
  return specs.map((s) => (s.startsWith('.') ? resolve(join(file, '..'), s).replace(/\.(ts|js)$/, '') : s));
}

describe('views read no files', () => {
  it('nothing under src/extension/views/ or src/dashboard/ imports fs or the claim-ref state readers', () => {
    const found: string[] = [];
    for (const dir of renderers) {
      for (const name of readdirSync(dir, { recursive: true }) as string[]) {
        if (!name.endsWith('.ts')) continue;
        const file = join(dir, name);
        for (const target of importsOf(file)) {
          if (forbidden.includes(target)) found.push(`${relative(repo, file)} → ${relative(repo, target) || target}`);
        }
      }
    }
    assert.deepEqual(found, []);
  });
});
