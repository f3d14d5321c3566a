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
        '# coord:mcp:begin — written by `coord init --agents codex`; a rerun replaces what is between these lines',
        '[mcp_servers.coord]',
        'command = "/usr/bin/node"',
        'args = ["/opt/coord/dist/cli.js", "mcp"]',
        '# coord:mcp:end\n',
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
});
