import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/**
 * A Claude Code agent's whole life through its hooks alone (real processes, the JSON Claude Code writes on
 * stdin): SessionStart registers a session and exports it to the agent's shell, later events act as it, a
 * resume keeps it, SessionEnd stops it.
 */
describe('coord hook --register: a Claude Code session through its hooks', () => {
  let dir: string;
  let cleanup: () => void;
  let envFile: string;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
    envFile = join(dir, 'claude-env.sh');
    writeFileSync(envFile, '');
  });
  afterEach(() => cleanup());

  const hook = (event: string, agentSession: string, extra: string[] = []) =>
    coordSync(['hook', '--format', 'claude', ...extra], {
      cwd: dir,
      // As Claude Code sets it: how the hook tells Claude Code from the other agents.
      env: { CLAUDE_ENV_FILE: envFile, CLAUDE_CODE_SESSION_ID: agentSession },
      input: JSON.stringify({
        session_id: agentSession,
        hook_event_name: event,
        cwd: dir,
        transcript_path: '/tmp/t.jsonl',
      }),
    });
  const sessions = () =>
    readdirSync(join(dir, 'docs', 'coordination', 'sessions')).map((f) =>
      JSON.parse(readFileSync(join(dir, 'docs', 'coordination', 'sessions', f), 'utf8')),
    );

  it('registers at SessionStart, tells the agent who it is, exports COORD_SESSION to its shell, and acts as it afterwards', () => {
    const start = hook('SessionStart', 'b1e2c3d4-aaaa-bbbb-cccc-0123456789ab', ['--register', '--role', 'backend']);
    assert.equal(start.code, 0, start.stderr);
    const out = JSON.parse(start.stdout);
    assert.equal(out.hookSpecificOutput.hookEventName, 'SessionStart');
    const registered = sessions().filter((s) => s.kind === 'agent');
    assert.equal(registered.length, 1);
    const id = registered[0].id as string;
    assert.equal(registered[0].name, 'claude b1e2c3d4');
    assert.equal(registered[0].role, 'backend');
    assert.match(
      out.hookSpecificOutput.additionalContext,
      new RegExp(
        `^\\[coord\\] You are coordination session ${id} \\(claude b1e2c3d4\\).*COORD_SESSION is set.*coord claim path`,
      ),
    );
    assert.equal(readFileSync(envFile, 'utf8'), `export COORD_SESSION=${id}\n`);

    // Another session writes to it; the agent's next prompt brings the message, as that session.
    const lead = startSessionCli(dir, 'lead');
    assert.equal(coordSync(['send', id, 'take the cart', 'src/cart is yours'], { cwd: dir, session: lead }).code, 0);
    const prompt = hook('UserPromptSubmit', 'b1e2c3d4-aaaa-bbbb-cccc-0123456789ab', ['--beat']);
    assert.equal(prompt.code, 0, prompt.stderr);
    assert.match(JSON.parse(prompt.stdout).hookSpecificOutput.additionalContext, /take the cart/);
    // The agent's shell, with what the env file exports, is that session too.
    const claim = coordSync(['claim', 'path', 'src/cart/**', '--json'], { cwd: dir, session: id });
    assert.equal(claim.json.claim.holder, id);
  });

  it('a resume (same agent session) keeps its coordination session; another agent session gets its own', () => {
    const first = hook('SessionStart', 'agent-one', ['--register']);
    const again = hook('SessionStart', 'agent-one', ['--register']);
    assert.match(JSON.parse(again.stdout).hookSpecificOutput.additionalContext, /You are still coordination session/);
    const other = hook('SessionStart', 'agent-two', ['--register', '--name', 'reviewer']);
    assert.equal(first.code + again.code + other.code, 0);
    const agents = sessions()
      .filter((s) => s.kind === 'agent')
      .map((s) => s.name)
      .sort();
    assert.deepEqual(agents, ['claude agent-on', 'reviewer']);
  });

  it('SessionEnd stops the session the hook registered, releasing its claims; a session given by COORD_SESSION is left alone', () => {
    hook('SessionStart', 'agent-one', ['--register']);
    const id = sessions().find((s) => s.kind === 'agent').id as string;
    assert.equal(coordSync(['claim', 'issue', '5'], { cwd: dir, session: id }).code, 0);
    const end = hook('SessionEnd', 'agent-one', ['--register']);
    assert.deepEqual([end.code, end.stdout], [0, '']);
    assert.ok(sessions().find((s) => s.id === id).endedAt, 'ended');
    assert.equal(
      existsSync(join(dir, 'docs', 'coordination', 'claims', 'issue', '5.json')),
      false,
      'its claims released',
    );

    const own = startSessionCli(dir, 'person-started');
    const ended = coordSync(['hook', '--format', 'claude', '--register'], {
      cwd: dir,
      session: own,
      input: JSON.stringify({ session_id: 'agent-three', hook_event_name: 'SessionEnd' }),
    });
    assert.equal(ended.code, 0);
    assert.equal(sessions().find((s) => s.id === own).endedAt, undefined, "COORD_SESSION is the person's to stop");
  });

  it('in a git repository, the claims SessionEnd released stay released through the next sync (not brought back from the refs)', () => {
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    hook('SessionStart', 'agent-git', ['--register']);
    const id = sessions().find((s) => s.kind === 'agent').id as string;
    // No remote: the claim file of the one live tree is the authority, so there is nothing to confirm and no ref.
    const claimed = coordSync(['claim', 'issue', '8', '--json'], { cwd: dir, session: id });
    assert.equal(claimed.code, 0, claimed.stderr);
    assert.equal(claimed.json.confirmation, undefined);
    hook('SessionEnd', 'agent-git', ['--register']);
    const claimFile = join(dir, 'docs', 'coordination', 'claims', 'issue', '8.json');
    assert.equal(existsSync(claimFile), false);
    const sync = coordSync(['sync', '--json'], { cwd: dir });
    assert.equal(sync.code, 0, sync.stdout + sync.stderr);
    assert.equal(existsSync(claimFile), false, 'the sync did not bring the released claim back');
    assert.equal(git('for-each-ref', 'refs/coordination/claims/').stdout.trim(), '', 'its ref is gone too');
  });

  it("without --register, or with input that is not Claude Code's, stays silent and registers nothing", () => {
    assert.deepEqual([hook('SessionStart', 'agent-x').code, hook('SessionStart', 'agent-x').stdout], [0, '']);
    const junk = coordSync(['hook', '--format', 'claude', '--register'], { cwd: dir, input: 'not json' });
    assert.deepEqual([junk.code, junk.stdout], [0, '']);
    assert.equal(sessions().length, 0);
  });
});
