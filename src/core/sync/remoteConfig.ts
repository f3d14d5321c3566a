import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitCheckout } from './gitCheckout';

/**
 * Whether the repository configures `remote`, read from its config files without starting git (so that a claim in
 * a repository with no remote costs no git process). Undefined when the files include others (`[include]`,
 * `[includeIf]`): then only git can tell.
 */
export function remoteConfigured(checkout: GitCheckout, remote: string): boolean | undefined {
  let undecided = false;
  for (const file of [join(checkout.commonDir, 'config'), join(checkout.gitDir, 'config.worktree')]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let inSection = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line.startsWith('[')) {
        if (/^\[\s*include(if)?\b/i.test(line)) undecided = true;
        inSection = line.replace(/^\[\s*remote\s+/i, '[remote ') === `[remote "${remote}"]`;
        continue;
      }
      if (inSection && /^url\s*=\s*\S/i.test(line)) return true;
    }
  }
  return undecided ? undefined : false;
}
