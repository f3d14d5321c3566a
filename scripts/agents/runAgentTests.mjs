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
const mochaArgs = [mocha, '--config', join(repo, '.mocharc.agents.json'), ...process.argv.slice(2)];

/**
 * The agents are told (by environment and configuration) to talk to nothing but the scripted model on 127.0.0.1.
 * Where this process may make a network namespace (root, as in CI), the suites run in a fresh one holding only
 * loopback, so that is a guarantee rather than a hope: whatever an agent tried to reach elsewhere could not leave
 * the machine (and a request the test needs would fail). COORD_AGENTS_NETNS=0 runs them in the host's network.
 */
function isolatedCommand() {
  if (process.env.COORD_AGENTS_NETNS === '0') return { why: 'COORD_AGENTS_NETNS=0' };
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
  if (probe.status !== 0) return { why: 'unshare -n is not permitted here (not root, or no ip)' };
  const quoted = mochaArgs.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return { command: 'unshare', args: ['-n', 'sh', '-c', `ip link set lo up && exec '${process.execPath}' ${quoted}`] };
}

const isolated = isolatedCommand();
if (isolated.command) console.error('[agents] running in a network namespace that has only loopback');
else console.error(`[agents] running in the host's network: ${isolated.why}`);
const run = spawnSync(isolated.command ?? process.execPath, isolated.args ?? mochaArgs, { cwd: repo, stdio: 'inherit' });
process.exit(run.status ?? 1);
