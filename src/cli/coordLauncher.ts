import { realpathSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { CoordLauncher } from '../core/agents/agentCommand';

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * This very coord, for a configuration that runs it later: node and the entry script by absolute path, and whether
 * `coord` on PATH (an `npm link`, a global install) is this same script, so a shared file may say just `coord`.
 */
export function thisCoord(env: Record<string, string | undefined>): CoordLauncher {
  const cli = resolve(process.argv[1] ?? 'coord');
  const real = realPath(cli);
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d)
    .some((d) => {
      const found = realPath(join(d, 'coord'));
      return found !== undefined && found === real;
    });
  return { node: process.execPath, cli, onPath };
}
