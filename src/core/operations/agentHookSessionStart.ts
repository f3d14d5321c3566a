import type { CoordContext } from '../records/context';
import { findSession } from '../sessions/sessions';
import { linkSession, startAgentSession } from '../agents/agentSessions';
import { agentSessionName, type AgentKind } from '../agents/agentKind';
import { exportSessionToClaude } from '../agents/claudeEnvFile';
import { sessionGreeting } from '../agents/agentHookText';

type AgentProcessModule = typeof import('../agents/agentProcess');
type AgentProcessLinkModule = typeof import('../agents/agentProcessLink');

export interface HookSessionStarted {
  /** The coordination session the agent session acts as from now on. */
  session: string;
  /** Who the agent is, for its context. */
  greeting: string;
}

/**
 * So the agent's MCP server, a child of the same agent process, acts as the agent session's coordination session.
 * Required here, at SessionStart only: it loads node:child_process, which would cost every hook run ~10 ms.
 */
function linkThisAgentProcess(ctx: CoordContext, agentSessionId: string): void {
  const { agentProcessAbove } = require('../agents/agentProcess') as AgentProcessModule;
  const { linkAgentProcess } = require('../agents/agentProcessLink') as AgentProcessLinkModule;
  linkAgentProcess(ctx, agentSessionId, agentProcessAbove());
}

/**
 * SessionStart of an agent launched with COORD_SESSION: it is told who it is. With `link` (`--register`), its agent
 * session and process are linked to that session too — the agent's MCP server may not see COORD_SESSION (Codex
 * hands it a filtered environment) — marked as the person's, so the agent's SessionEnd leaves it alone.
 * Undefined when the session is not one of this tree.
 */
export function greetPresetSession(
  ctx: CoordContext,
  session: string,
  agentSessionId: string | undefined,
  link: boolean,
  command: string | undefined,
): HookSessionStarted | undefined {
  const preset = findSession(ctx, session);
  if (!preset) return undefined;
  if (link && agentSessionId) {
    linkSession(ctx, agentSessionId, { session, registered: false });
    linkThisAgentProcess(ctx, agentSessionId);
  }
  return { session, greeting: sessionGreeting(session, preset.name, 'preset', true, command) };
}

export interface HookRegistration {
  kind: AgentKind | undefined;
  name?: string;
  role?: string;
  /** Claude Code's CLAUDE_ENV_FILE, through which the agent's shell learns COORD_SESSION. */
  claudeEnvFile?: string;
  command: string | undefined;
}

/**
 * SessionStart with `--register` and no COORD_SESSION: the coordination session linked to the agent session if it
 * is still alive (a resume, a compaction), else a new one named after the agent; linked to the agent's process,
 * exported to its shell where the agent allows it, and introduced to the agent.
 */
export function registerHookSession(
  ctx: CoordContext,
  agentSessionId: string,
  registration: HookRegistration,
): HookSessionStarted {
  const { role } = registration;
  const name = registration.name ?? agentSessionName(registration.kind, agentSessionId);
  const started = startAgentSession(ctx, agentSessionId, { name, ...(role ? { role } : {}) });
  linkThisAgentProcess(ctx, agentSessionId);
  const session = started.session.id;
  const exported = exportSessionToClaude(registration.claudeEnvFile, session);
  const origin = started.resumed ? 'resumed' : 'registered';
  return { session, greeting: sessionGreeting(session, started.session.name, origin, exported, registration.command) };
}
