// The hook figures of issue 12 for `npm run bench`: `coord hook --beat` runs after every tool call of every agent, so
// its cost is paid many times per turn. Measured in a git repository (where agents work), as an agent runs it — its
// hook JSON on stdin (a Codex PostToolUse), the coordination session found through the link its SessionStart made:
//   hook-beat           `coord hook --agent codex --beat` with nothing new and no beat due (the common case: a beat
//                       is due at most every half interval) ≤ 1.3 × `node -e ''`;
//   hook-beat-message   the same with one new message each time, handed over and marked read (not judged: shown
//                       beside it, target the same);
//   hook-beat-due       the same with a beat due each time (the session's last beat aged past half an interval
//                       between runs): it rewrites the session file and renews one claim.
// Timed as the bench's other small figures are: `interleaved` and `coordArgv` of scripts/bench.mjs (passed in as
// `bench`), the baseline taking turns with the hook runs; the input is a file opened as the process's stdin.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coordEnv, runCoordSync } from '../lib/coordProcs.mjs';
import { git } from '../lib/syncWorld.mjs';

/** Wall time in ms of one process fed `inputFile` on stdin; throws when it fails or prints on stderr. */
function wallMsWithInput(argv, { cwd, inputFile }) {
  const fd = openSync(inputFile, 'r');
  try {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, {
      cwd,
      env: coordEnv(undefined),
      encoding: 'utf8',
      stdio: [fd, 'ignore', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // The hook always exits 0; a failure shows only as a line on stderr.
    if (r.status !== 0 || r.stderr)
      throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 2000)}`);
    return ms;
  } finally {
    closeSync(fd);
  }
}

export const hookFixtures = {
  /** A git repository with a commit and `coord init`, an agent session registered by a SessionStart hook, a sender. */
  hook: (bench) => {
    const { interleaved, wallMs, coordArgv, baselineArgv, tempRoot } = bench;
    const dir = tempRoot('coord-bench-hook-');
    const repo = join(dir, 'repo');
    git(dir, ['init', '-q', repo]);
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src', 'index.ts'), 'export const answer = 42;\n');
    git(repo, ['add', '.']);
    git(repo, ['commit', '-q', '-m', 'initial']);
    runCoordSync(['init'], { cwd: repo });
    const agentSession = '01a24af8-5d2b-7642-93ae-251c8f88f1f0';
    const input = (event, extra = {}) => {
      const file = join(dir, `${event}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          session_id: agentSession,
          hook_event_name: event,
          cwd: repo,
          model: 'gpt-5',
          permission_mode: 'bypassPermissions',
          transcript_path: `${dir}/sessions/rollout-2026-12-06T10-48-40-${agentSession}.jsonl`,
          ...extra,
        }),
      );
      return file;
    };
    const start = spawnSync(process.execPath, [...coordArgv(['hook', '--agent', 'codex', '--register', '--json'])], {
      cwd: repo,
      env: coordEnv(undefined),
      encoding: 'utf8',
      input: readFileSync(input('SessionStart', { source: 'startup' }), 'utf8'),
    });
    const session = JSON.parse(start.stdout).session;
    if (!session) throw new Error(`bench hook: SessionStart registered no session: ${start.stdout}${start.stderr}`);
    runCoordSync(['claim', 'bench', 'held'], { cwd: repo, session });
    const sender = runCoordSync(['start', '--name', 'sender', '--json'], { cwd: repo }).json.session.id;
    const postToolUse = input('PostToolUse', {
      tool_name: 'Bash',
      tool_input: { command: 'ls' },
      tool_response: 'src\n',
      tool_use_id: 'call_1',
    });
    const hookArgv = coordArgv(['hook', '--agent', 'codex', '--beat']);
    const sessionFile = join(repo, 'docs', 'coordination', 'sessions', `${session}.json`);
    const ageLastBeat = () => {
      const record = JSON.parse(readFileSync(sessionFile, 'utf8'));
      writeFileSync(
        sessionFile,
        `${JSON.stringify({ ...record, heartbeatAt: new Date(Date.now() - 40_000).toISOString() }, null, 2)}\n`,
      );
    };
    // Checked once, outside the timing: each case does what it is said to.
    const probe = (prepare) => {
      prepare();
      const r = spawnSync(process.execPath, [...coordArgv(['hook', '--agent', 'codex', '--beat', '--json'])], {
        cwd: repo,
        env: coordEnv(undefined),
        encoding: 'utf8',
        input: readFileSync(postToolUse, 'utf8'),
      });
      return JSON.parse(r.stdout);
    };
    const checks = {
      quiet: probe(() => {}),
      message: probe(() => runCoordSync(['send', session, 'probe', 'a short body'], { cwd: repo, session: sender })),
      due: probe(ageLastBeat),
    };
    if (checks.quiet.session !== session || checks.quiet.beat !== false || checks.quiet.messages.length !== 0)
      throw new Error(`bench hook: the quiet case is not quiet: ${JSON.stringify(checks.quiet)}`);
    if (checks.message.messages.length !== 1)
      throw new Error(`bench hook: the message case delivered ${checks.message.messages.length}`);
    if (checks.due.beat !== true || checks.due.renewed !== 1)
      throw new Error(`bench hook: the due case did not beat: ${JSON.stringify(checks.due)}`);

    const medians = interleaved({
      baseline: () => wallMs(baselineArgv, { cwd: repo }),
      quiet: () => wallMsWithInput(hookArgv, { cwd: repo, inputFile: postToolUse }),
      message: (i) => {
        runCoordSync(['send', session, `bench ${i}`, 'a short body'], { cwd: repo, session: sender });
        return wallMsWithInput(hookArgv, { cwd: repo, inputFile: postToolUse });
      },
      due: () => {
        ageLastBeat();
        return wallMsWithInput(hookArgv, { cwd: repo, inputFile: postToolUse });
      },
    });
    return { medians };
  },
};

const hookRatio = (id, key, label, note) => ({
  id,
  group: 'hook',
  label,
  fixture: 'hook',
  target: { max: 1.3, unit: '×', of: 'ratio' },
  measure: (fx) => ({ value: fx.medians[key], baseline: fx.medians.baseline, unit: 'ms', note }),
});

export const hookFigures = [
  hookRatio(
    'hook-beat',
    'quiet',
    'coord hook --agent codex --beat after a tool call, git repository, nothing new (median wall)',
    'PostToolUse JSON on stdin; session through the SessionStart link; no beat due',
  ),
  hookRatio(
    'hook-beat-message',
    'message',
    'coord hook --beat after a tool call, one new message (median wall)',
    'hands over and marks read one message',
  ),
  hookRatio(
    'hook-beat-due',
    'due',
    'coord hook --beat after a tool call, a beat due (median wall)',
    'rewrites the session, renews its one claim',
  ),
];
