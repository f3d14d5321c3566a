import assert from 'node:assert/strict';
import { mergeAgentHooks } from '../../../src/core/agents/agentHooksConfig';
import { withCodexMcpServer } from '../../../src/core/agents/mcpServerConfig';
import { coordError } from '../../helpers/coordError';

const launcher = { node: '/usr/bin/node', cli: '/opt/coord/dist/cli.js', onPath: false };
const onPath = { ...launcher, onPath: true };

describe('agentHooksConfig and the Codex MCP table', () => {
  it('adds a group per event, a matcher only on tool events, and updates a coord hook in place', () => {
    const settings: any = {
      hooks: {
        Stop: [
          {
            hooks: [
              { type: 'command', command: 'notify-me' },
              { type: 'command', command: 'coord hook --format claude' },
            ],
          },
        ],
      },
    };
    mergeAgentHooks(settings, 'claude', onPath, 'f');
    assert.deepEqual(settings.hooks.Stop, [
      {
        hooks: [
          { type: 'command', command: 'notify-me' },
          { type: 'command', command: 'coord hook --agent claude' },
        ],
      },
    ]);
    assert.deepEqual(settings.hooks.PostToolUse, [
      { matcher: '*', hooks: [{ type: 'command', command: 'coord hook --agent claude --beat' }] },
    ]);
    assert.equal(settings.hooks.SessionStart[0].matcher, undefined);
    const again = structuredClone(settings);
    mergeAgentHooks(again, 'claude', onPath, 'f');
    assert.deepEqual(again, settings, 'idempotent');
  });

  it('names coord by absolute path when not on PATH, or when the agent resets PATH (quoted when it must be)', () => {
    const settings: any = {};
    mergeAgentHooks(settings, 'codex', onPath, 'f', true);
    assert.equal(
      settings.hooks.SessionStart[0].hooks[0].command,
      '/usr/bin/node /opt/coord/dist/cli.js hook --agent codex --register',
    );
    const spaced: any = {};
    mergeAgentHooks(spaced, 'gemini', { ...launcher, cli: "/opt/my coord/it's/cli.js" }, 'f');
    assert.equal(
      spaced.hooks.AfterTool[0].hooks[0].command,
      `/usr/bin/node '/opt/my coord/it'\\''s/cli.js' hook --agent gemini --beat`,
    );
    assert.deepEqual(Object.keys(spaced.hooks), [
      'SessionStart',
      'BeforeAgent',
      'AfterTool',
      'AfterAgent',
      'SessionEnd',
    ]);
  });

  it('refuses hooks it cannot merge into, naming the file', () => {
    assert.throws(
      () => mergeAgentHooks({ hooks: { Stop: 'x' } }, 'claude', onPath, '/p/settings.json'),
      (e: any) =>
        coordError('refused', /\/p\/settings\.json has "hooks\.Stop" that is not a list/)(e) &&
        e.remedy.action === 'edit-file' &&
        e.remedy.path === '/p/settings.json',
    );
  });

  it('appends the marked TOML table, replaces only its own, and refuses a coord server the user wrote', () => {
    const mine = 'model = "gpt-5"\n';
    const once = withCodexMcpServer(mine, launcher, 'c.toml');
    assert.equal(
      once,
      [
        mine,
        '# coord:mcp:begin — written by `coord init --agents codex`; a rerun replaces this table',
        '[mcp_servers.coord]',
        'command = "/usr/bin/node"',
        'args = ["/opt/coord/dist/cli.js", "mcp"]\n',
      ].join('\n'),
    );
    assert.equal(withCodexMcpServer(once, launcher, 'c.toml'), once);
    assert.match(withCodexMcpServer(once, { ...launcher, node: '/new/node' }, 'c.toml'), /command = "\/new\/node"/);
    for (const theirs of [
      '[mcp_servers.coord]\ncommand = "x"\n',
      '[mcp_servers."coord"]\n',
      '[mcp_servers]\ncoord = { command = "x" }\n',
    ]) {
      assert.throws(
        () => withCodexMcpServer(theirs, launcher, 'c.toml'),
        coordError('refused', /c\.toml already configures an MCP server "coord" of its own/),
        theirs,
      );
    }
  });

  // Exactly what Codex 0.171 made of a config.toml written by an earlier coord, after the user trusted the folder
  // and the hooks in its terminal UI (seen by hand): its tables appended after coord's, and coord's old closing
  // line moved below them, to the end of the file.
  const savedByCodex = [
    'model = "gpt-5"',
    '',
    '# coord:mcp:begin — written by `coord init --agents codex`; a rerun replaces what is between these lines',
    '[mcp_servers.coord]',
    'command = "/usr/bin/node"',
    'args = ["/opt/coord/dist/cli.js", "mcp"]',
    '',
    '[tui]',
    'screen_reader_detection_done = true',
    '',
    '# the user: my own note on projects',
    '[projects."/tmp/cx/repo"]',
    'trust_level = "trusted"',
    '',
    '[hooks.state]',
    '',
    '[hooks.state."/tmp/cx/codex/hooks.json:session_start:0:0"]',
    'trusted_hash = "sha256:ab8880e8094f8c792784405e07062a24763be24f7a5dda64b5b5c230455da2cd"',
    '# coord:mcp:end',
    '',
  ].join('\n');

  it("keeps every table Codex saved after coord's (folder and hook trust), however it moved the old closing line", () => {
    const rerun = withCodexMcpServer(savedByCodex, { ...launcher, node: '/new/node' }, 'c.toml');
    const expected = savedByCodex
      .replace(/; a rerun replaces what is between these lines/, '; a rerun replaces this table')
      .replace('command = "/usr/bin/node"', 'command = "/new/node"')
      .replace('# coord:mcp:end\n', '');
    assert.equal(rerun, expected);
    assert.equal(withCodexMcpServer(rerun, { ...launcher, node: '/new/node' }, 'c.toml'), rerun, 'then unchanged');
  });

  it('replaces the table an earlier coord closed with its marker, keeping what follows', () => {
    const old = [
      'model = "gpt-5"',
      '# coord:mcp:begin — written by `coord init --agents codex`; a rerun replaces what is between these lines',
      '[mcp_servers.coord]',
      'command = "/usr/bin/node"',
      'args = ["/opt/coord/dist/cli.js", "mcp"]',
      '# coord:mcp:end',
      '[tui]',
      'x = 1',
      '',
    ].join('\n');
    assert.equal(
      withCodexMcpServer(old, launcher, 'c.toml'),
      [
        'model = "gpt-5"',
        '# coord:mcp:begin — written by `coord init --agents codex`; a rerun replaces this table',
        '[mcp_servers.coord]',
        'command = "/usr/bin/node"',
        'args = ["/opt/coord/dist/cli.js", "mcp"]',
        '[tui]',
        'x = 1',
        '',
      ].join('\n'),
    );
  });
});
