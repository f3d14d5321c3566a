// The first step of `npm test` and `npm start`: in the first seconds, the system packages this machine still
// lacks, named with the one command that installs them — rather than a failure minutes later, deep inside a suite
// or code-server's postinstall. Run as root with CI=true (a fresh CI machine), it installs them itself.
//   node scripts/preflight.mjs test    git, tmux (the real-agent suite), and code-server's build tools while it is not installed
//   node scripts/preflight.mjs start   git, and the build tools when code-server will be installed (no `code` on PATH)
// The tests' browser is no system package: scripts/lib/browser.mjs installs it from npm on first use.
import { spawnSync } from 'node:child_process';
import { codeServerNeedsInstall, missingPrerequisites, prerequisitesMessage } from './vscode/installCodeServer.mjs';

const purpose = process.argv[2] === 'start' ? 'start' : 'test';

function missing() {
  const needCodeServer = purpose === 'test' || spawnSync('code', ['--version'], { stdio: 'ignore' }).status !== 0;
  return missingPrerequisites({
    needGit: true,
    needBuild: needCodeServer && codeServerNeedsInstall(),
    needTmux: purpose === 'test',
  });
}

let lacking = missing();
if (lacking.length > 0 && process.env.CI === 'true' && process.getuid?.() === 0) {
  const names = lacking.map(([name]) => name);
  console.error(`preflight: CI as root — installing ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...names]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) {
      console.error(`preflight: apt-get ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
      process.exit(1);
    }
  }
  lacking = missing();
}
if (lacking.length > 0) {
  console.error(prerequisitesMessage(`npm ${purpose}: this machine`, lacking));
  process.exit(1);
}
