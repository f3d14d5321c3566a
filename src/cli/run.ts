import { openContext } from '../core/records/context';
import { CoordError, exitCodes, usageError } from '../core/store/errors';
import { findRoot } from '../core/store/root';
import { assertSlug } from '../core/store/slug';
import { parseCommandArgs, peekGlobalFlags, splitLeadingGlobals, stringValue } from './args';
import type { CommandInput, CommandOutput } from './command';
import { findCommand, loadAllCommands } from './commandTable';
import { errorJson } from './errorJson';
import { clean } from './format';
import { commandHelp, mainHelp } from './help';
import { cliHint } from './remedyHint';

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * argv → command → core → printed output; returns the exit code — synchronously for every command except the
 * long-running ones (simulate, watch), which return a promise of it.
 */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  const flags = peekGlobalFlags(argv);
  let failSoft = false;
  let commandName: string | undefined;
  try {
    const { leading, rest: afterGlobals } = splitLeadingGlobals(argv);
    const [name, ...commandArgs] = afterGlobals;
    const rest = [...leading, ...commandArgs];
    if (name === undefined) {
      // Global options alone are still checked (`coord --root` with no folder is that error, not the help).
      parseCommandArgs(leading, {});
      if (flags.json) throw usageError('no command given', 'run `coord --help` for the list of commands');
      io.stdout(mainHelp(loadAllCommands()));
      return 2;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      io.stdout(mainHelp(loadAllCommands()));
      return 0;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(version());
      return 0;
    }
    const command = findCommand(name);
    commandName = command?.name;
    if (!command)
      throw usageError(`unknown command ${JSON.stringify(name)}`, 'run `coord --help` for the list of commands');
    failSoft = command.failSoft === true;
    const parsed = parseCommandArgs(rest, command.options ?? {});
    if (parsed.values.help === true) {
      io.stdout(commandHelp(command));
      return 0;
    }
    const root = findRoot(io.cwd, stringValue(parsed.values, 'root') ?? io.env.COORD_ROOT);
    const session = stringValue(parsed.values, 'session') ?? io.env.COORD_SESSION ?? '';
    if (session) assertSlug(parsed.values.session !== undefined ? '--session' : 'COORD_SESSION', session);
    if (command.needsSession && !session) {
      const hint = 'run `coord start` and export the COORD_SESSION it prints, or pass --session ID';
      throw usageError(`\`coord ${command.name}\` needs a session`, hint, { action: 'register-session' });
    }
    const ctx = command.needsTree === false ? undefined : openContext(root);
    const input = {
      ctx,
      root,
      session,
      positionals: parsed.positionals,
      values: parsed.values,
      env: io.env,
    } as CommandInput;
    const output = command.run(input);
    if (output instanceof Promise) {
      return output.then(
        (o) => print(o, io, flags, command.name),
        (error: unknown) => reportError(error, io, flags, failSoft, command.name),
      );
    }
    return print(output, io, flags, command.name);
  } catch (error) {
    return reportError(error, io, flags, failSoft, commandName);
  }
}

function print(output: CommandOutput, io: CliIo, flags: { json: boolean }, command: string): number {
  const exitCode = output.exitCode ?? (output.error ? exitCodes[output.error.code] : 0);
  if (output.printed) return exitCode;
  if (flags.json) {
    const error = output.error ? { error: errorJson(output.error, command) } : {};
    io.stdout(JSON.stringify({ ok: exitCode === 0, ...output.json, ...error }));
  } else {
    // Nothing to say prints nothing, not an empty line: a hook's output is added to an agent's context as is.
    // Commands clean what they take from files; this is the net for a field one of them forgets (idempotent).
    if (output.text !== '') io.stdout(clean(output.text));
    if (output.stderr) io.stderr(clean(output.stderr));
  }
  return exitCode;
}

function reportError(
  error: unknown,
  io: CliIo,
  flags: { json: boolean; debug: boolean },
  failSoft = false,
  command?: string,
): number {
  const known = error instanceof CoordError ? error : undefined;
  const code = known?.code ?? 'io';
  const message = error instanceof Error ? error.message : String(error);
  if (flags.json) {
    io.stdout(JSON.stringify({ ok: false, error: errorJson(error, command) }));
  } else {
    // Messages quote paths and file contents (a JSON parse error shows the bad bytes): never raw to a terminal.
    // A CoordError always has a way out worth saying; an unexpected error gets the --debug line below instead.
    io.stderr(`coord: ${clean(message)}${known ? `\n  ${clean(cliHint(known, command))}` : ''}`);
  }
  if (flags.debug || (!known && !flags.json)) {
    if (!known && !flags.debug) io.stderr('  (unexpected error; run again with --debug for details)');
    if (flags.debug && error instanceof Error && error.stack) io.stderr(error.stack);
  }
  return failSoft ? 0 : exitCodes[code];
}

declare const COORD_VERSION: string | undefined;
function version(): string {
  return typeof COORD_VERSION === 'string' ? COORD_VERSION : 'dev';
}
