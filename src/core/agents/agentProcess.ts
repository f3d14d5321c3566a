import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The coding agent's own process, as a child of it sees it: the first ancestor that is not a shell. An agent runs
 * its hooks through `sh -c` and starts its MCP servers directly, so both find the same process this way — the one
 * thing Claude Code, Codex and Gemini CLI all give a hook and an MCP server in common (Codex and Gemini pass the
 * MCP server no session id; docs/decisions.md). `start` tells a reused pid from the process that had it.
 */
export interface AgentProcess {
  pid: number;
  /** When the process started, in the system's own units (Linux: clock ticks since boot); absent if unknown. */
  start?: string;
}

const shells = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'fish', 'busybox', 'ash']);

interface ProcessFacts {
  parent: number;
  name: string;
  start?: string;
}

/** Linux: /proc/<pid>/stat — "pid (comm) state ppid … starttime (22nd field)"; comm may hold spaces or ')'. */
function procFacts(pid: number): ProcessFacts | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = stat.slice(close + 2).split(' ');
  const parent = Number(rest[1]);
  if (!Number.isInteger(parent)) return undefined;
  return { parent, name: stat.slice(open + 1, close), ...(rest[19] ? { start: rest[19] } : {}) };
}

/** Elsewhere (macOS, BSD): ps, which every POSIX system has. */
function psFacts(pid: number): ProcessFacts | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'ppid=', '-o', 'lstart=', '-o', 'comm=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    });
    const m = /^\s*(\d+)\s+(\S+\s+\S+\s+\d+\s+[\d:]+\s+\d+)\s+(.*)$/.exec(out.trim());
    if (!m) return undefined;
    return { parent: Number(m[1]), start: m[2]!, name: m[3]!.trim().split('/').pop() ?? '' };
  } catch {
    return undefined;
  }
}

function factsOf(pid: number): ProcessFacts | undefined {
  return process.platform === 'linux' ? procFacts(pid) : psFacts(pid);
}

/** The agent process above `pid` (this process's parent by default): shells skipped, at most a few levels up. */
export function agentProcessAbove(pid: number = process.ppid): AgentProcess | undefined {
  let current = pid;
  for (let level = 0; level < 6 && current > 1; level++) {
    const facts = factsOf(current);
    if (!facts) return undefined;
    if (!shells.has(facts.name)) return { pid: current, ...(facts.start ? { start: facts.start } : {}) };
    current = facts.parent;
  }
  return undefined;
}

/** Whether `pid` is still the process that was recorded (not gone, not reused). */
export function isSameProcess(recorded: AgentProcess): boolean {
  const facts = factsOf(recorded.pid);
  if (!facts) return false;
  return recorded.start === undefined || facts.start === undefined || facts.start === recorded.start;
}
