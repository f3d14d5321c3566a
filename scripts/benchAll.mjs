#!/usr/bin/env node
// npm run bench [-- --only ID|GROUP,... --check --json]: the figures of scripts/bench.mjs, then the dashboard page's
// (scripts/webview/benchDashboard.mjs) unless --only names figures without "dashboard". One entry point, so the
// arguments after `--` reach both (npm hands them only to the last command of a script).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const onlyAt = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
const only = onlyAt < 0 ? undefined : args[onlyAt].includes('=') ? args[onlyAt].split('=')[1] : args[onlyAt + 1];
const run = (script, scriptArgs) => spawnSync(process.execPath, [join(here, script), ...scriptArgs], { stdio: 'inherit' }).status ?? 1;

const names = only?.split(',').map((name) => name.trim()) ?? [];
const dashboardNamed = names.includes('dashboard');
const rest = names.filter((name) => name && name !== 'dashboard');
// "dashboard" is this script's name for the page's figures; bench.mjs is given the others (and runs none if none).
const benchArgs = onlyAt < 0 ? args : [...args.slice(0, onlyAt), ...(rest.length ? ['--only', rest.join(',')] : []), ...args.slice(onlyAt + (args[onlyAt].includes('=') ? 1 : 2))];
let status = only !== undefined && rest.length === 0 ? 0 : run('bench.mjs', benchArgs);
if (only === undefined || dashboardNamed) {
  const shared = args.filter((a) => a === '--check' || a === '--json');
  status = run('webview/benchDashboard.mjs', shared) || status;
}
process.exit(status);
