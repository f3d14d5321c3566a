import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitCheckout } from '../store/gitCheckout';

/**
 * Whether the repository configures `remote`, read from its config files without starting git (so that a claim in
 * a repository with no remote costs no git process). Undefined when the files include others (`[include]`,
 * `[includeIf]`): then only git can tell.
 */
export function remoteConfigured(checkout: GitCheckout, remote: string): boolean | undefined {
  const config = remotesInConfigFiles(checkout);
  return config.remotes.has(remote) ? true : config.includes ? undefined : false;
}

/** The remotes the repository's config files define (with a url), or undefined when includes leave it to git. */
export function configuredRemotes(checkout: GitCheckout): string[] | undefined {
  const config = remotesInConfigFiles(checkout);
  return config.includes ? undefined : [...config.remotes].sort();
}

/** Every `[remote "<name>"]` with a url in the repository's own config files, and whether they include others. */
function remotesInConfigFiles(checkout: GitCheckout): { remotes: Set<string>; includes: boolean } {
  const remotes = new Set<string>();
  let includes = false;
  for (const file of [join(checkout.commonDir, 'config'), join(checkout.gitDir, 'config.worktree')]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let section: string | undefined;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line.startsWith('[')) {
        if (/^\[\s*include(if)?\b/i.test(line)) includes = true;
        section = /^\[\s*remote\s+"([^"]*)"\s*\]$/i.exec(line)?.[1];
        continue;
      }
      if (section !== undefined && /^url\s*=\s*\S/i.test(line)) remotes.add(section);
    }
  }
  return { remotes, includes };
}

/**
 * Refuses a remote the repository does not have, naming the ones it has: a typo must never turn a round into one
 * against nothing. With no remote at all the default name means "sync through this repository".
 */
export function unknownRemoteProblem(remote: string, remotes: string[], defaultRemote: string): string | undefined {
  if (remotes.includes(remote)) return undefined;
  if (remotes.length === 0)
    return remote === defaultRemote
      ? undefined
      : `the repository has no git remote at all, so not ${JSON.stringify(remote)}`;
  return `the repository has no git remote ${JSON.stringify(remote)}; its remotes are ${remotes.map((r) => JSON.stringify(r)).join(', ')}`;
}
