import { shellQuote } from './guardHook';

/** How an agent's configuration reaches this coord. */
export interface CoordLauncher {
  /** Absolute path of the node binary (process.execPath). */
  node: string;
  /** Absolute path of coord's entry script (dist/cli.js). */
  cli: string;
  /** `coord` on PATH is this very coord: a configuration may then say just `coord`, the same on every computer. */
  onPath: boolean;
}

/**
 * Whether a configuration names coord by absolute path: when `coord` on PATH is not this coord, or when the agent
 * resets PATH (Codex runs commands in a login shell) — a file of one computer's user (`$CODEX_HOME`) loses nothing.
 */
function absolute(launcher: CoordLauncher, resetsPath: boolean): boolean {
  return resetsPath || !launcher.onPath;
}

/** coord with `args` as one shell command line (a hook's `command`). */
export function coordShellCommand(launcher: CoordLauncher, args: string[], resetsPath = false): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : shellQuote(s));
  const head = absolute(launcher, resetsPath) ? [launcher.node, launcher.cli] : ['coord'];
  return [...head, ...args].map(quote).join(' ');
}

/** coord with `args` as a program and its arguments (an MCP server's `command` and `args`). */
export function coordExec(
  launcher: CoordLauncher,
  args: string[],
  resetsPath = false,
): { command: string; args: string[] } {
  if (!absolute(launcher, resetsPath)) return { command: 'coord', args };
  return { command: launcher.node, args: [launcher.cli, ...args] };
}

/** Whether a hook command is one of coord's (`coord hook …`, `node …/cli.js hook …`), whatever its options. */
export function isCoordHookCommand(command: unknown): boolean {
  return typeof command === 'string' && /(^|[\s/'"])(coord|cli\.js)['"]?\s+hook(\s|$)/.test(command);
}
