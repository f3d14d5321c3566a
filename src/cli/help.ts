import { globalOptions } from './args';
import type { Command } from './command';

export function mainHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'coord — coordinate parallel coding sessions through files in docs/coordination',
    '',
    'Usage: coord <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...Object.values(globalOptions).map((o) => `  ${o.help}`),
    '',
    'A typical agent loop:',
    '  eval "$(coord start --name builder --role backend)"',
    '  coord claim issue 42 --reason "fix login"     # exit 1: someone else holds it',
    '  coord heartbeat editing src/auth.ts implement 40',
    '  coord inbox --unread',
    '  coord send broadcast "auth done" "login fixed in src/auth.ts"',
    '  coord release issue 42 && coord stop',
    '',
    'Exit codes: 0 done, 1 refused (claim held, unknown recipient…), 2 usage, 3 bad tree or I/O.',
    'Run `coord <command> --help` for one command.',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const options = Object.values(command.options ?? {}).map((o) => `  ${o.help}`);
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    ...(command.details ? ['', command.details] : []),
    ...(options.length ? ['', 'Options:', ...options] : []),
    '',
    'Options for every command:',
    ...Object.values(globalOptions).map((o) => `  ${o.help}`),
    ...(command.needsSession ? ['', 'Needs a session: --session ID or COORD_SESSION (from `coord start`).'] : []),
  ].join('\n');
}
