import type { AgentKind } from './agentKind';
import { coordShellCommand, isCoordHookCommand, type CoordLauncher } from './agentCommand';
import { badSettings, isJsonObject, objectAt, type JsonObject } from './jsonSettingsFile';

interface HookEntry {
  event: string;
  /** Tool events take a matcher (all tools); lifecycle events must have none (Gemini CLI matches them exactly). */
  matcher?: string;
  args: string[];
}

/**
 * The hooks each agent gets, verified with the real agents (test/agents): Claude Code and Codex share event names
 * and hook JSON; Gemini CLI names its events BeforeAgent / AfterTool / AfterAgent (its Stop).
 */
export function agentHooks(kind: AgentKind): HookEntry[] {
  const agent = ['--agent', kind];
  const lifecycle = [{ event: 'SessionStart', args: [...agent, '--register'] }];
  const end = { event: 'SessionEnd', args: [...agent, '--register'] };
  if (kind === 'gemini') {
    return [
      ...lifecycle,
      { event: 'BeforeAgent', args: [...agent, '--beat'] },
      { event: 'AfterTool', matcher: '.*', args: [...agent, '--beat'] },
      { event: 'AfterAgent', args: agent },
      end,
    ];
  }
  return [
    ...lifecycle,
    { event: 'UserPromptSubmit', args: [...agent, '--beat'] },
    { event: 'PostToolUse', matcher: '*', args: [...agent, '--beat'] },
    { event: 'Stop', args: agent },
    end,
  ];
}

/**
 * Puts coord's hooks into a settings object's `hooks` (Claude Code's `.claude/settings.json`, Codex's `hooks.json`,
 * Gemini CLI's `.gemini/settings.json` share its shape: event → groups → `{type, command}`). A coord hook already
 * there gets the current command in place; anything else is kept as it is. Changes `settings` in place.
 */
export function mergeAgentHooks(
  settings: JsonObject,
  kind: AgentKind,
  launcher: CoordLauncher,
  file: string,
  resetsPath = false,
): void {
  const hooks = objectAt(settings, 'hooks', file, 'hooks');
  for (const entry of agentHooks(kind)) {
    const command = coordShellCommand(launcher, ['hook', ...entry.args], resetsPath);
    const groups = hooks[entry.event] ?? [];
    if (!Array.isArray(groups)) throw badSettings(file, `has "hooks.${entry.event}" that is not a list`);
    let found = false;
    for (const group of groups) {
      if (!isJsonObject(group) || !Array.isArray(group.hooks)) continue;
      for (const hook of group.hooks) {
        if (!isJsonObject(hook) || !isCoordHookCommand(hook.command)) continue;
        if (!found) hook.command = command;
        found = true;
      }
    }
    const matcher = entry.matcher ? { matcher: entry.matcher } : {};
    if (!found) groups.push({ ...matcher, hooks: [{ type: 'command', command }] });
    hooks[entry.event] = groups;
  }
}
