// Runs the real-agent suites (test/agents): installs the agents first when they are missing — failing loudly,
// never skipping, when one cannot be installed — then mocha on the compiled suites (`npm run compile` first).
//
//   node scripts/agents/runAgentTests.mjs [mocha arguments, e.g. --grep "print mode"]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentInstallError, ensureAgents } from './installAgents.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

try {
  const agents = await ensureAgents();
  for (const a of Object.values(agents)) console.error(`[agents] ${a.kind} ${a.version}: ${a.bin}`);
} catch (e) {
  console.error(
    `[agents] cannot run the real-agent suites: ${e instanceof AgentInstallError ? e.message : (e?.stack ?? e)}`,
  );
  process.exit(1);
}

if (!existsSync(join(repo, 'out', 'test', 'agents'))) {
  console.error('[agents] out/test/agents is missing: run npm run compile first');
  process.exit(1);
}
if (!existsSync(join(repo, 'dist', 'cli.js'))) {
  console.error('[agents] dist/cli.js is missing: run npm run build first');
  process.exit(1);
}

const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const run = spawnSync(
  process.execPath,
  [mocha, '--config', join(repo, '.mocharc.agents.json'), ...process.argv.slice(2)],
  {
    cwd: repo,
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
