import type { CoordContext } from '../core/records/context';
import type { CoordError } from '../core/store/errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /**
   * A string option whose value may be left out (`--agents` or `--agents claude,codex`): a following word that is
   * not an option is its value, none is the empty string. Only for commands that take no positionals.
   */
  optionalValue?: boolean;
  multiple?: boolean;
  short?: string;
  /** Shown in help, e.g. "--ttl DURATION  lease length (default 2h)". */
  help: string;
}

export interface CommandInput {
  /** The tree's context; absent only for commands with `needsTree: false`. */
  ctx: CoordContext;
  root: string;
  /** The acting session (--session or COORD_SESSION); guaranteed when `needsSession` is set. */
  session: string;
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** The process environment (COORD_SYNC_* and the like). */
  env: Record<string, string | undefined>;
}

export interface CommandOutput {
  /** The one JSON document printed with --json; `ok: true` is added by the runner. */
  json: Record<string, unknown>;
  text: string;
  /** Printed on stderr (text mode): what a git hook shows when it refuses. */
  stderr?: string;
  /**
   * A failure the command reports beside its result (doctor's problems, work next with nothing ready): `--json`
   * adds it as `error` in the one failure shape, and the exit code is its code's unless `exitCode` says.
   */
  error?: CoordError;
  exitCode?: number;
  /** The command streamed its output as it went (`status --watch`): the runner prints nothing more. */
  printed?: boolean;
}

/** One CLI command: argv in, core call, output out — no logic of its own. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  details?: string;
  options?: Record<string, OptionSpec>;
  needsTree?: boolean;
  needsSession?: boolean;
  /**
   * Run as a hook (an agent's turn, a git commit): no error may fail the caller, so any error — a bad option
   * included — is one line on stderr and exit 0. Only the command's own exitCode can refuse.
   */
  failSoft?: boolean;
  /** Long-running commands (simulate, watch) return a promise that settles when they stop. */
  run(input: CommandInput): CommandOutput | Promise<CommandOutput>;
}
