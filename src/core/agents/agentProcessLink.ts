import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../store/atomicFile';
import type { CoordContext } from '../records/context';
import { readBoundedFile } from '../records/recordReader';
import { linkedSession } from './agentSessions';
import { agentProcessAbove, isSameProcess, type AgentProcess } from './agentProcess';

/**
 * Which agent session a running agent process last registered through its SessionStart hook, so that the agent's
 * MCP server — a child of the same process, told no session id by Codex or Gemini CLI — acts as the session the
 * hooks registered. `.local/agent-processes/<pid>.json`, this computer only; a later registration by the same
 * process (Claude Code's /clear starts a new agent session) replaces it, and each registration removes the links of
 * agent processes that have ended since (one small file per agent ever run would otherwise stay for good).
 */
interface ProcessLink {
  agentSession: string;
  pid: number;
  start?: string;
}

function processDir(ctx: CoordContext): string {
  return join(ctx.layout.localDir, 'agent-processes');
}

function processFile(ctx: CoordContext, pid: number): string {
  return join(processDir(ctx), `${pid}.json`);
}

function readLink(file: string): ProcessLink | undefined {
  const read = readBoundedFile(file);
  if (!read.ok) return undefined;
  try {
    const link = JSON.parse(read.raw) as ProcessLink;
    return typeof link?.agentSession === 'string' && Number.isInteger(link.pid) ? link : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the links of agent processes that have ended (or whose pid another process has now). */
function pruneEndedLinks(ctx: CoordContext): void {
  let names: string[];
  try {
    names = readdirSync(processDir(ctx));
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    const file = join(processDir(ctx), name);
    const link = readLink(file);
    if (link && isSameProcess({ pid: link.pid, ...(link.start ? { start: link.start } : {}) })) continue;
    rmSync(file, { force: true });
  }
}

export function linkAgentProcess(ctx: CoordContext, agentSessionId: string, agent: AgentProcess | undefined): void {
  if (!agent) return;
  const link: ProcessLink = {
    agentSession: agentSessionId,
    pid: agent.pid,
    ...(agent.start ? { start: agent.start } : {}),
  };
  pruneEndedLinks(ctx);
  writeFileAtomic(processFile(ctx, agent.pid), toJson(link));
}

function agentSessionOfProcess(ctx: CoordContext, agent: AgentProcess): string | undefined {
  const link = readLink(processFile(ctx, agent.pid));
  if (!link || link.pid !== agent.pid) return undefined;
  // A pid the system gave to another process since: its link is not this agent's.
  return isSameProcess({ pid: link.pid, ...(link.start ? { start: link.start } : {}) }) ? link.agentSession : undefined;
}

/** Who an agent's child process (its MCP server) is, as far as it can tell. */
export interface AgentIdentity {
  /** The agent session id the agent put in the child's environment (Claude Code: CLAUDE_CODE_SESSION_ID). */
  agentSessionId?: string;
  /** The agent's process (the child's first ancestor that is not a shell). */
  agent?: AgentProcess;
}

/**
 * Who this process's agent is: Claude Code puts its session id in its children's environment; Codex and Gemini CLI
 * give none, so the agent's process is what tells.
 */
export function agentIdentityOf(env: Record<string, string | undefined>): AgentIdentity {
  const agentSessionId = env.CLAUDE_CODE_SESSION_ID;
  const agent = agentProcessAbove();
  return { ...(agentSessionId ? { agentSessionId } : {}), ...(agent ? { agent } : {}) };
}

/**
 * The live coordination session the agent's hooks registered, if any: the one its process registered last, else
 * the one linked to the agent session id from the environment (when the process could not be told).
 */
export function hookRegisteredSession(ctx: CoordContext, identity: AgentIdentity): string | undefined {
  const fromProcess = identity.agent ? agentSessionOfProcess(ctx, identity.agent) : undefined;
  const viaProcess = fromProcess ? linkedSession(ctx, fromProcess) : undefined;
  if (viaProcess) return viaProcess.session;
  return identity.agentSessionId ? linkedSession(ctx, identity.agentSessionId)?.session : undefined;
}
