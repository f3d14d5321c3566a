import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentWorkspace, type AgentHome } from './lib/agentWorkspace';
import { agentBin } from './lib/claudeAgent';
import { codexEnv, runToEnd, writeCodexUserConfig } from './lib/codexAgent';
import { ScriptedModelServer } from './lib/scriptedModelServer';
import { waitFor } from './lib/waitFor';
import { inputText, openaiResponses, responsesRequests } from './models/openaiResponses';

/** The `[hooks.state."…"] trusted_hash = …` lines Codex keeps in config.toml for the hooks a person trusted. */
function trustedHooks(configToml: string): string[] {
  return configToml.split('\n').filter((line) => /^trusted_hash = "sha256:[0-9a-f]{64}"$/.test(line));
}

/**
 * What a Codex user meets for real, without the tests' `--dangerously-bypass-hook-trust`: the hooks
 * `coord init --agents codex` wrote are skipped silently by `codex exec` until the person trusts them in Codex's
 * terminal UI, which asks at its start ("Hooks need review"); trusted, they run in `codex exec` too — and a rerun
 * of `coord init --agents codex` keeps that trust and every other table Codex saved in config.toml.
 */
describe('Codex CLI hook trust, as a person gives it (real agent in tmux, scripted model)', function () {
  this.timeout(180_000);
  let ws: AgentWorkspace;
  let server: ScriptedModelServer;
  const tmuxSocket = `coord-codex-trust-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', tmuxSocket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const screen = () => tmux('capture-pane', '-p', '-t', 'codex');
  const waitForScreen = async (what: string, pattern: RegExp) => {
    try {
      return await waitFor(what, () => pattern.test(screen()), 45_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}; the screen:\n${screen()}`);
    }
  };

  beforeEach(async () => {
    ws = AgentWorkspace.create();
    server = await ScriptedModelServer.start();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      console.error(`      the model's requests: ${server.saveRequests('codex-trust')}`);
    }
    try {
      tmux('kill-server');
    } catch {
      // Not started, or gone.
    }
    await server.close();
    ws.cleanup();
  });

  const configure = (home: AgentHome, mount: string) => {
    writeCodexUserConfig(home, server.baseUrl(mount));
    const init = ws.coord(['init', '--agents', 'codex', '--json'], { env: { CODEX_HOME: home.codexHome } });
    assert.equal(init.code, 0, init.stdout + init.stderr);
  };
  /** `codex exec` as a user runs it: no flag about hook trust. */
  const codexExec = async (home: AgentHome) =>
    runToEnd(
      process.execPath,
      [await agentBin('codex'), 'exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'Hi.'],
      { cwd: ws.repo, env: codexEnv(ws, home), timeoutMs: 90_000, what: 'codex exec' },
    );
  const agentSessions = () => {
    const dir = join(ws.repo, 'docs', 'coordination', 'sessions');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('codex-')) : [];
  };

  it('codex exec skips untrusted hooks silently; trusted once in the terminal UI, they run; init keeps the trust', async () => {
    const home = ws.agentHome('codex');
    configure(home, '/codex');
    server.mount(
      '/codex',
      openaiResponses(() => ({ text: 'Hello.' })),
    );

    // Untrusted: the turn runs, no hook does — no session, no greeting in what the model received.
    const untrusted = await codexExec(home);
    assert.equal(untrusted.code, 0, untrusted.stderr);
    assert.deepEqual(agentSessions(), [], 'no hook ran: no session registered');
    const first = responsesRequests(server.requestsOf('/codex'));
    assert.ok(first.length >= 1, 'the model was asked');
    assert.doesNotMatch(inputText(first[0]!.body), /You are coordination session/, 'no greeting');

    // The person opens Codex's terminal UI once: it asks to trust the folder, then to review coord's five hooks.
    const envArgs = Object.entries(codexEnv(ws, home)).map(([k, v]) => `${k}=${v}`);
    const bin = await agentBin('codex');
    tmux(
      'new-session',
      '-d',
      '-s',
      'codex',
      '-x',
      '160',
      '-y',
      '45',
      '-c',
      ws.repo,
      'env',
      '-i',
      ...envArgs,
      process.execPath,
      bin,
    );
    await waitForScreen('the folder trust question', /Trust this folder\?/);
    tmux('send-keys', '-t', 'codex', 'Enter');
    await waitForScreen('the hooks review', /Hooks need review[\s\S]*5 hooks are new or changed/);
    const review = screen();
    assert.match(review, /2\. Trust all and continue/);
    tmux('send-keys', '-t', 'codex', 'Down');
    tmux('send-keys', '-t', 'codex', 'Enter');
    const config = join(home.codexHome, 'config.toml');
    await waitFor(
      'the trust saved in config.toml',
      () => trustedHooks(readFileSync(config, 'utf8')).length === 5,
      30_000,
    );
    await waitForScreen('the prompt', /Ask Codex to do anything/);
    tmux('kill-server');
    const saved = readFileSync(config, 'utf8');
    assert.match(saved, /\[projects\."[^"]+"\]\ntrust_level = "trusted"/);

    // A rerun of init (a newer coord, or coord moved) keeps what Codex saved after coord's table.
    const rerun = ws.coord(['init', '--agents', 'codex', '--json'], { env: { CODEX_HOME: home.codexHome } });
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    const after = readFileSync(config, 'utf8');
    assert.deepEqual(trustedHooks(after), trustedHooks(saved), 'the hook trust is kept');
    assert.match(after, /\[projects\."[^"]+"\]\ntrust_level = "trusted"/, 'the folder trust is kept');
    assert.match(after, /\[mcp_servers\.coord\]/);

    // Trusted: the same `codex exec` now registers the session and the greeting reaches the model.
    const trusted = await codexExec(home);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal(agentSessions().length, 1, 'the SessionStart hook registered a session');
    const requests = responsesRequests(server.requestsOf('/codex'));
    assert.match(inputText(requests[requests.length - 1]!.body), /You are coordination session codex-/);
  });
});
