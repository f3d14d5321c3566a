import { parseArgs } from 'node:util';
import { usageError } from '../core/store/errors';
import type { OptionSpec } from './command';

export const globalOptions: Record<string, OptionSpec> = {
  root: {
    type: 'string',
    help: '--root DIR       the repository folder holding docs/coordination (default: found from the working folder)',
  },
  session: { type: 'string', help: '--session ID     act as this session (default: $COORD_SESSION)' },
  json: { type: 'boolean', help: '--json           print one JSON document instead of text' },
  debug: { type: 'boolean', help: '--debug          print stack traces of unexpected errors' },
  help: { type: 'boolean', short: 'h', help: '--help, -h       show help' },
};

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

const negativeMark = '\u0000negative:';

/** Strict parsing: an unknown option or a missing value is a usage error (exit 2) naming it. */
export function parseCommandArgs(argv: string[], options: Record<string, OptionSpec>): ParsedArgs {
  const spec = Object.fromEntries(
    Object.entries({ ...globalOptions, ...options }).map(([name, o]) => [
      name,
      { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) },
    ]),
  );
  // A negative number ("-1" as a progress, "--ttl -5") is a value, not an option: it is set aside and put back, so
  // the command names what is wrong with it ("progress must be 0–100") instead of "Unknown option '-1'".
  const negatives: string[] = [];
  const args = withOptionalValues(argv, options).map((arg) =>
    /^-\d+(\.\d+)?$/.test(arg) ? `${negativeMark}${negatives.push(arg) - 1}` : arg,
  );
  const restore = (value: string): string =>
    value.startsWith(negativeMark) ? (negatives[Number(value.slice(negativeMark.length))] as string) : value;
  try {
    const { values, positionals } = parseArgs({ args, options: spec, allowPositionals: true, strict: true });
    const restored = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        typeof v === 'string'
          ? restore(v)
          : Array.isArray(v)
            ? v.map((x) => (typeof x === 'string' ? restore(x) : x))
            : v,
      ]),
    );
    return { values: restored as ParsedArgs['values'], positionals: positionals.map(restore) };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(error);
    throw usageError(message.split('\n')[0] ?? message, 'see `coord <command> --help`');
  }
}

/** `--name value` and a bare `--name` of an option whose value may be left out, as `--name=value` and `--name=`. */
function withOptionalValues(argv: string[], options: Record<string, OptionSpec>): string[] {
  const optional = new Set(
    Object.entries(options)
      .filter(([, o]) => o.optionalValue)
      .map(([name]) => `--${name}`),
  );
  if (optional.size === 0) return argv;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!optional.has(arg)) {
      out.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('-')) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(`${arg}=`);
    }
  }
  return out;
}

/**
 * Global options given before the command (`coord --json status`, `coord --root ../repo claims`): taken off the
 * front so the command is found, and handed back to be parsed with the command's own options. Help stays the
 * main help when it comes first.
 */
export function splitLeadingGlobals(argv: string[]): { leading: string[]; rest: string[] } {
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i] as string;
    const name = /^--([a-z]+)(=.*)?$/.exec(arg);
    const spec = name && name[1] !== 'help' ? globalOptions[name[1] as string] : undefined;
    if (!spec) break;
    i += spec.type === 'string' && name?.[2] === undefined ? 2 : 1;
  }
  return { leading: argv.slice(0, i), rest: argv.slice(i) };
}

/**
 * Only the global options, read before the command is known (so `coord --json x` reports errors as JSON). Not
 * past `--`: what follows it is the command's words (`coord send bob s -- --json` sends the body `--json`).
 */
export function peekGlobalFlags(argv: string[]): { json: boolean; debug: boolean } {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  return { json: options.includes('--json'), debug: options.includes('--debug') };
}

export function stringValue(values: ParsedArgs['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listValue(values: ParsedArgs['values'], name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function intValue(values: ParsedArgs['values'], name: string, min: number, max: number): number | undefined {
  const raw = stringValue(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw usageError(`--${name} ${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
  return Number(raw);
}

export function requirePositionals(positionals: string[], names: string[], usage: string): string[] {
  if (positionals.length < names.length) {
    throw usageError(
      `missing ${names
        .slice(positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
      `usage: ${usage}`,
    );
  }
  return positionals;
}

export function rejectExtra(positionals: string[], max: number, usage: string): void {
  if (positionals.length > max)
    throw usageError(`unexpected argument ${JSON.stringify(positionals[max])}`, `usage: ${usage}`);
}
