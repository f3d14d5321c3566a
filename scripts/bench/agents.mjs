// The real-agent figures of issue 12 for `npm run bench -- --only agents`: the whole real-agent suite
// (`npm run test:agents`: Claude Code in print mode and in its terminal UI, Codex, Gemini CLI, and the three at once on
// one queue), the agents already installed, timed end to end:
//   agents-suite        its wall time ≤ 180 s here (2 cores);
//   agents-three-dup    the queue items two agents both claimed in the three-agents run = 0 (as that test prints it);
//   agents-three-done   the items claimed at all = the whole queue.
// Figures, not a baseline ratio: the suite's time is mostly the agents' own start-up and the scripted turns.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs the suite once and reads what the three-agents test printed. */
function runSuite(repo) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(repo, 'scripts', 'agents', 'runAgentTests.mjs')], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  const out = `${r.stdout}\n${r.stderr}`;
  const three = /three agents: (\d+) items (\{[^}]*\}), (\d+) claimed, (\d+) duplicated/.exec(out);
  const passing = /(\d+) passing/.exec(out)?.[1];
  const failing = /(\d+) failing/.exec(out)?.[1];
  return {
    seconds,
    ok: r.status === 0,
    tests: `${passing ?? 0} passing${failing ? `, ${failing} failing` : ''}`,
    ...(three
      ? { queue: Number(three[1]), perAgent: three[2], claimed: Number(three[3]), duplicated: Number(three[4]) }
      : {}),
  };
}

export const agentsFixtures = {
  agents: ({ repo }) => runSuite(repo),
};

const suiteNote = (fx) => `${fx.tests}${fx.ok ? '' : ' (the suite failed)'}`;

export const agentsFigures = [
  {
    id: 'agents-suite',
    group: 'agents',
    label: 'the real-agent suite (npm run test:agents: Claude Code ×2, Codex, Gemini CLI, three at once), wall',
    fixture: 'agents',
    target: { max: 180, unit: 's', of: 'value' },
    // A suite that failed has no time worth judging.
    measure: (fx) => ({ value: fx.ok ? fx.seconds : Number.NaN, unit: 's', note: suiteNote(fx) }),
  },
  {
    id: 'agents-three-dup',
    group: 'agents',
    label: 'three agents at once on one queue: items two agents both claimed',
    fixture: 'agents',
    target: { max: 0, unit: '', of: 'value', text: '= 0' },
    measure: (fx) => ({
      value: fx.duplicated ?? Number.NaN,
      unit: '',
      note: fx.perAgent ? `items per agent ${fx.perAgent}` : 'no three-agents line',
    }),
  },
  {
    id: 'agents-three-done',
    group: 'agents',
    label: 'three agents at once on one queue: items claimed (and done) of the queue',
    fixture: 'agents',
    target: { min: 9, unit: '', of: 'value', text: '= 9 (the queue)' },
    measure: (fx) => ({
      value: fx.claimed ?? Number.NaN,
      unit: '',
      note: fx.queue ? `queue of ${fx.queue}` : 'no three-agents line',
    }),
  },
];
