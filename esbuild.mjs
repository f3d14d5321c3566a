// Bundles each entry into one minified file under dist/. `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');

/** Every bundle that runs in Node (the CLI, the extension host): one CommonJS file for Node 20. */
const forNode = { platform: 'node', target: 'node20', format: 'cjs' };
/** What runs through the CLI launcher's vm.Script, where Node 20 has no loader for import(): every dynamic import becomes a require. */
const forCli = { ...forNode, supported: { 'dynamic-import': false }, define: { COORD_VERSION: JSON.stringify(pkg.version) } };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    // `coord` (the package's bin): a small launcher that runs dist/coord.js through V8's code cache.
    entryPoints: ['src/cli/launcher.ts'],
    outfile: 'dist/cli.js',
    ...forNode,
    banner: { js: '#!/usr/bin/env node' },
    define: { COORD_VERSION: JSON.stringify(pkg.version) },
  },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/coord.js',
    ...forCli,
    // Its own file (below), loaded by the first git call: commands that never sync do not compile 110 KB of it.
    external: ['simple-git'],
  },
  {
    // `coord mcp` only: the MCP server and its SDK, required at run time from dist/coord.js (see src/cli/commands/mcp.ts).
    entryPoints: ['src/mcp/mcpMain.ts'],
    outfile: 'dist/mcp.js',
    ...forCli,
    external: ['simple-git'],
  },
  {
    // The language-model tools' definitions, required by dist/extension.js on the first tool call.
    entryPoints: ['src/agentTools/agentToolsMain.ts'],
    outfile: 'dist/agentTools.js',
    ...forNode,
    external: ['vscode', 'simple-git'],
  },
  {
    // Sync rounds and claim confirmation for the window, required by dist/extension.js when the first one runs.
    entryPoints: ['src/extension/syncEngineMain.ts'],
    outfile: 'dist/syncEngine.js',
    ...forNode,
    external: ['vscode', 'simple-git'],
  },
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    ...forNode,
    external: ['vscode', 'simple-git'],
  },
  {
    // simple-git for both bundles, where Node's resolution from dist/*.js finds it first.
    stdin: { contents: "module.exports = require('simple-git');", resolveDir: '.', loader: 'js' },
    outfile: 'dist/node_modules/simple-git/index.js',
    alias: { debug: './scripts/build/debugStub.cjs' },
    ...forNode,
  },
  {
    // The dashboard page (and its CSS, imported by main.ts): dist/webview/dashboard.{js,css}.
    entryPoints: { dashboard: 'webview/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
  },
];

const common = { bundle: true, minify: true, sourcemap: 'linked', legalComments: 'none', logLevel: 'warning' };

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  console.log('esbuild: watching');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b, metafile: true })));
  // The bin runs as `./dist/cli.js` and through a link on PATH (npm link, the agent suites), as its shebang says.
  chmodSync('dist/cli.js', 0o755);
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile.outputs)) {
      if (!file.endsWith('.map')) console.log(`${file}  ${(info.bytes / 1024).toFixed(1)} KB`);
    }
  }
}
