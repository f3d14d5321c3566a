import { basename } from 'node:path';

/**
 * This very coord as a shell command, when it was not run as `coord`: an agent whose shell has no `coord` on its
 * PATH (Codex runs a login shell, which resets PATH) is told what to run instead.
 */
export function coordCommandHint(argv: string[] = process.argv, execPath = process.execPath): string | undefined {
  const script = argv[1];
  if (!script || basename(script) === 'coord') return undefined;
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `${quote(execPath)} ${quote(script)}`;
}
