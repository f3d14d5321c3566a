import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, coordSync } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/**
 * `coord init --agents claude,codex,gemini` (real processes): each agent's hook and MCP configuration, merged into
 * what is there. The agents themselves run these files in test/agents.
 */
describe('coord init --agents claude,codex,gemini: hook and MCP configuration', () => {
  let dir: string;
  let codexHome: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    codexHome = join(dir, 'codex-home');
    mkdirSync(join(dir, 'repo'));
    // A PATH without coord on it: the files must then name this coord by absolute path.
    env = { CODEX_HOME: codexHome, PATH: '/usr/bin:/bin' };
  });
  afterEach(() => cleanup());

  const repo = () => join(dir, 'repo');
  const init = (args: string[], extraEnv: Record<string, string> = {}) =>
    coordSync(['init', ...args], { cwd: repo(), env: { ...env, ...extraEnv } });
  const readJson = (...parts: string[]) => JSON.parse(readFileSync(join(...parts), 'utf8'));
  const node = process.execPath;
  const commandsOf = (settings: any, event: string): string[] =>
    (settings.hooks[event] ?? []).flatMap((g: any) => g.hooks.map((h: any) => h.command));

  it("writes every agent's hooks and MCP server, coord by absolute path when it is not on PATH", () => {
    const run = init(['--agents', 'claude,codex,gemini', '--json']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const abs = `${node} ${cliPath}`;
    const claude = readJson(repo(), '.claude', 'settings.json');
    assert.deepEqual(Object.keys(claude.hooks), [
      'SessionStart',
      'UserPromptSubmit',
      'PostToolUse',
      'Stop',
      'SessionEnd',
    ]);
    assert.deepEqual(commandsOf(claude, 'SessionStart'), [`${abs} hook --agent claude --register`]);
    assert.deepEqual(commandsOf(claude, 'PostToolUse'), [`${abs} hook --agent claude --beat`]);
    assert.equal(claude.hooks.PostToolUse[0].matcher, '*');
    assert.deepEqual(commandsOf(claude, 'Stop'), [`${abs} hook --agent claude`]);
    assert.deepEqual(readJson(repo(), '.mcp.json'), {
      mcpServers: { coord: { command: node, args: [cliPath, 'mcp'] } },
    });

    const codex = readJson(codexHome, 'hooks.json');
    assert.deepEqual(Object.keys(codex.hooks), [
      'SessionStart',
      'UserPromptSubmit',
      'PostToolUse',
      'Stop',
      'SessionEnd',
    ]);
    assert.deepEqual(commandsOf(codex, 'SessionEnd'), [`${abs} hook --agent codex --register`]);
    const toml = readFileSync(join(codexHome, 'config.toml'), 'utf8');
    assert.match(toml, /^# coord:mcp:begin .*\n\[mcp_servers\.coord\]\ncommand = "(.*)"\nargs = \["(.*)", "mcp"\]\n$/);
    assert.equal(JSON.parse(/command = (".*")/.exec(toml)?.[1] ?? ''), node);

    const gemini = readJson(repo(), '.gemini', 'settings.json');
    assert.deepEqual(Object.keys(gemini.hooks), [
      'SessionStart',
      'BeforeAgent',
      'AfterTool',
      'AfterAgent',
      'SessionEnd',
    ]);
    // Gemini CLI matches lifecycle events exactly: they carry no matcher; a tool event matches every tool.
    assert.equal(gemini.hooks.SessionStart[0].matcher, undefined);
    assert.equal(gemini.hooks.AfterTool[0].matcher, '.*');
    assert.deepEqual(commandsOf(gemini, 'AfterTool'), [`${abs} hook --agent gemini --beat`]);
    assert.deepEqual(gemini.mcpServers, { coord: { command: node, args: [cliPath, 'mcp'] } });

    assert.deepEqual(
      run.json.agentConfigs.map((c: any) => [c.agent, c.file.replace(dir, ''), c.holds.join('+'), c.action]),
      [
        ['claude', '/repo/.claude/settings.json', 'hooks', 'created'],
        ['claude', '/repo/.mcp.json', 'mcp', 'created'],
        ['codex', '/codex-home/hooks.json', 'hooks', 'created'],
        ['gemini', '/repo/.gemini/settings.json', 'hooks+mcp', 'created'],
        ['codex', '/codex-home/config.toml', 'mcp', 'created'],
      ],
    );
    // The instructions come too, as with --agents alone.
    assert.match(readFileSync(join(repo(), 'AGENTS.md'), 'utf8'), /coord:agents:begin/);
  });

  it('merges into existing files keeping the rest, updates an old coord hook in place; a rerun changes nothing', () => {
    mkdirSync(join(repo(), '.claude'));
    const mine = {
      permissions: { allow: ['Bash(ls)'] },
      hooks: {
        PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'npx prettier --write' }] }],
        UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'coord hook --format claude --beat' }] }],
      },
    };
    writeFileSync(join(repo(), '.claude', 'settings.json'), JSON.stringify(mine));
    writeFileSync(
      join(repo(), '.mcp.json'),
      JSON.stringify({ mcpServers: { other: { command: 'x' }, coord: { command: 'old', env: { A: '1' } } } }),
    );
    mkdirSync(codexHome);
    const toml = 'model = "gpt-5"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\n';
    writeFileSync(join(codexHome, 'config.toml'), toml);

    assert.equal(init(['--agents', 'claude,codex']).code, 0);
    const claude = readJson(repo(), '.claude', 'settings.json');
    assert.deepEqual(claude.permissions, mine.permissions);
    assert.deepEqual(commandsOf(claude, 'PostToolUse'), [
      'npx prettier --write',
      `${node} ${cliPath} hook --agent claude --beat`,
    ]);
    assert.deepEqual(
      commandsOf(claude, 'UserPromptSubmit'),
      [`${node} ${cliPath} hook --agent claude --beat`],
      'updated in place, not doubled',
    );
    assert.deepEqual(readJson(repo(), '.mcp.json').mcpServers, {
      other: { command: 'x' },
      coord: { command: node, args: [cliPath, 'mcp'], env: { A: '1' } },
    });
    const config = readFileSync(join(codexHome, 'config.toml'), 'utf8');
    assert.ok(config.startsWith(`${toml}\n# coord:mcp:begin`), config);

    const files = ['.claude/settings.json', '.mcp.json'].map((f) => readFileSync(join(repo(), f), 'utf8'));
    const again = init(['--agents', 'codex,claude', '--json']);
    assert.equal(again.code, 0);
    assert.deepEqual(
      again.json.agentConfigs.map((c: any) => c.action),
      ['unchanged', 'unchanged', 'unchanged', 'unchanged'],
    );
    assert.deepEqual(
      ['.claude/settings.json', '.mcp.json'].map((f) => readFileSync(join(repo(), f), 'utf8')),
      files,
    );
    assert.equal(readFileSync(join(codexHome, 'config.toml'), 'utf8'), config);
  });

  it("merges into an existing Codex hooks.json: the user's hooks kept, an old coord hook replaced in place", () => {
    mkdirSync(codexHome);
    const mine = {
      hooks: {
        SessionStart: [{ hooks: [{ type: 'command', command: 'echo codex started', timeout: 5 }] }],
        PostToolUse: [
          {
            matcher: 'shell',
            hooks: [{ type: 'command', command: '/old/node /old/dist/cli.js hook --beat', timeout: 9 }],
          },
        ],
        Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }],
      },
      mine: { keep: true },
    };
    writeFileSync(join(codexHome, 'hooks.json'), JSON.stringify(mine, null, 2));
    const run = init(['--agents', 'codex', '--json']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(
      run.json.agentConfigs.map((c: any) => [c.file.replace(dir, ''), c.action]),
      [
        ['/codex-home/hooks.json', 'updated'],
        ['/codex-home/config.toml', 'created'],
      ],
    );
    const abs = `${node} ${cliPath} hook --agent codex`;
    const codex = readJson(codexHome, 'hooks.json');
    assert.deepEqual(codex.mine, { keep: true });
    assert.deepEqual(Object.keys(codex.hooks), [
      'SessionStart',
      'PostToolUse',
      'Stop',
      'UserPromptSubmit',
      'SessionEnd',
    ]);
    assert.deepEqual(codex.hooks.SessionStart, [
      mine.hooks.SessionStart[0],
      { hooks: [{ type: 'command', command: `${abs} --register` }] },
    ]);
    assert.deepEqual(
      codex.hooks.PostToolUse,
      [{ matcher: 'shell', hooks: [{ type: 'command', command: `${abs} --beat`, timeout: 9 }] }],
      'the old coord hook gets the current command in its own group, its other fields kept',
    );
    assert.deepEqual(codex.hooks.Stop, [mine.hooks.Stop[0], { hooks: [{ type: 'command', command: abs }] }]);
    assert.deepEqual(commandsOf(codex, 'UserPromptSubmit'), [`${abs} --beat`]);
    assert.deepEqual(commandsOf(codex, 'SessionEnd'), [`${abs} --register`]);

    const written = readFileSync(join(codexHome, 'hooks.json'), 'utf8');
    assert.deepEqual(
      init(['--agents', 'codex', '--json']).json.agentConfigs.map((c: any) => c.action),
      ['unchanged', 'unchanged'],
    );
    assert.equal(readFileSync(join(codexHome, 'hooks.json'), 'utf8'), written);
  });

  it("merges into an existing .gemini/settings.json: the user's settings, servers and hooks kept", () => {
    mkdirSync(join(repo(), '.gemini'));
    const mine = {
      theme: 'GitHub',
      security: { folderTrust: { enabled: false } },
      mcpServers: { docs: { command: 'docs-mcp', args: ['--stdio'] } },
      hooks: {
        AfterTool: [{ matcher: 'write_file', hooks: [{ type: 'command', command: 'npx prettier --write' }] }],
        BeforeAgent: [{ hooks: [{ type: 'command', name: 'mine', command: 'coord hook --format claude --beat' }] }],
      },
    };
    writeFileSync(join(repo(), '.gemini', 'settings.json'), JSON.stringify(mine, null, 2));
    const run = init(['--agents', 'gemini', '--json']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(
      run.json.agentConfigs.map((c: any) => [c.file.replace(dir, ''), c.holds.join('+'), c.action]),
      [['/repo/.gemini/settings.json', 'hooks+mcp', 'updated']],
    );
    const abs = `${node} ${cliPath} hook --agent gemini`;
    const gemini = readJson(repo(), '.gemini', 'settings.json');
    assert.equal(gemini.theme, 'GitHub');
    assert.deepEqual(gemini.security, mine.security);
    assert.deepEqual(gemini.mcpServers, {
      docs: mine.mcpServers.docs,
      coord: { command: node, args: [cliPath, 'mcp'] },
    });
    assert.deepEqual(gemini.hooks.AfterTool, [
      mine.hooks.AfterTool[0],
      { matcher: '.*', hooks: [{ type: 'command', command: `${abs} --beat` }] },
    ]);
    assert.deepEqual(
      gemini.hooks.BeforeAgent,
      [{ hooks: [{ type: 'command', name: 'mine', command: `${abs} --beat` }] }],
      'replaced in place, not doubled',
    );
    assert.deepEqual(commandsOf(gemini, 'SessionStart'), [`${abs} --register`]);
    assert.deepEqual(commandsOf(gemini, 'AfterAgent'), [abs]);
    assert.deepEqual(commandsOf(gemini, 'SessionEnd'), [`${abs} --register`]);

    const written = readFileSync(join(repo(), '.gemini', 'settings.json'), 'utf8');
    assert.equal(init(['--agents', 'gemini', '--json']).json.agentConfigs[0].action, 'unchanged');
    assert.equal(readFileSync(join(repo(), '.gemini', 'settings.json'), 'utf8'), written);
  });

  it("with this coord on PATH, the repository's files say just `coord`; Codex's still name it by absolute path", () => {
    mkdirSync(join(dir, 'bin'));
    symlinkSync(cliPath, join(dir, 'bin', 'coord'));
    assert.equal(init(['--agents=claude,codex,gemini'], { PATH: `${join(dir, 'bin')}:/usr/bin:/bin` }).code, 0);
    assert.deepEqual(commandsOf(readJson(repo(), '.claude', 'settings.json'), 'SessionStart'), [
      'coord hook --agent claude --register',
    ]);
    assert.deepEqual(readJson(repo(), '.mcp.json').mcpServers.coord, { command: 'coord', args: ['mcp'] });
    assert.deepEqual(readJson(repo(), '.gemini', 'settings.json').mcpServers.coord, {
      command: 'coord',
      args: ['mcp'],
    });
    assert.deepEqual(commandsOf(readJson(codexHome, 'hooks.json'), 'SessionStart'), [
      `${node} ${cliPath} hook --agent codex --register`,
    ]);
  });

  it('refuses a settings file that is not valid JSON, naming it, and writes no agent file', () => {
    mkdirSync(join(repo(), '.gemini'));
    writeFileSync(join(repo(), '.gemini', 'settings.json'), '{ "theme": "dark", }');
    const run = init(['--agents', 'claude,codex,gemini']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(`${join(repo(), '.gemini', 'settings.json').replace(/[.]/g, '\\.')} is not valid JSON`),
    );
    assert.equal(readFileSync(join(repo(), '.gemini', 'settings.json'), 'utf8'), '{ "theme": "dark", }');
    assert.equal(existsSync(join(repo(), '.claude')), false);
    assert.equal(existsSync(join(repo(), '.mcp.json')), false);
    assert.equal(existsSync(codexHome), false);
    assert.equal(existsSync(join(repo(), 'AGENTS.md')), false);
  });

  it('refuses settings whose hooks are not an object; replaces its own Codex table in place when it differs', () => {
    mkdirSync(join(repo(), '.claude'));
    writeFileSync(join(repo(), '.claude', 'settings.json'), '{"hooks": []}');
    const run = init(['--agents', 'claude']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /settings\.json has "hooks" that is not an object; left as it is/);

    assert.equal(init(['--agents', 'codex']).code, 0);
    const file = join(codexHome, 'config.toml');
    const written = readFileSync(file, 'utf8');
    writeFileSync(file, `${written.replace(/command = ".*"/, 'command = "/old/node"')}[after]\nkey = 1\n`);
    const again = init(['--agents', 'codex', '--json']);
    assert.deepEqual(
      again.json.agentConfigs.map((c: any) => c.action),
      ['unchanged', 'updated'],
    );
    assert.equal(readFileSync(file, 'utf8'), `${written}[after]\nkey = 1\n`);
  });

  it("refuses a [mcp_servers.coord] the user wrote in Codex's config.toml, and an agent it does not know", () => {
    mkdirSync(codexHome);
    writeFileSync(join(codexHome, 'config.toml'), '[mcp_servers.coord]\ncommand = "mine"\n');
    const run = init(['--agents', 'codex']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /config\.toml already configures an MCP server "coord" of its own/);
    assert.equal(readFileSync(join(codexHome, 'config.toml'), 'utf8'), '[mcp_servers.coord]\ncommand = "mine"\n');

    const unknown = init(['--agents', 'claude,cursor']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--agents: unknown agent "cursor"; coord configures claude, codex, gemini/);
    assert.equal(existsSync(join(repo(), '.claude')), false);
  });

  it('--agents alone still writes only the instructions', () => {
    const run = init(['--agents', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.agentConfigs, undefined);
    assert.ok(existsSync(join(repo(), 'AGENTS.md')));
    assert.equal(existsSync(join(repo(), '.claude')), false);
  });
});
