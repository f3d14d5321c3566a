import type { CoordContext } from '../records/context';
import { findGitCheckout, type GitCheckout } from '../store/gitCheckout';
import { GitRepository } from './gitRepository';
import { GitRunner } from './gitRunner';
import { remoteConfigured } from './remoteConfig';
import { defaultSyncSettings, type SyncSettings } from './syncSettings';
import { usageError } from '../store/errors';

export type ClaimAuthorityMode =
  /** The claim file in this repository's one live tree decides (no git, sync off, or no remote). */
  | { kind: 'tree'; reason: string; noRemote?: true }
  /** The claim's ref on the remote decides; the file is a projection of it (or a pending intent). */
  | { kind: 'remote'; checkout: GitCheckout; remote: string };

/**
 * Who decides claims for this tree. Found from files alone in the common case, so a claim, release or heartbeat
 * in a repository with no remote starts no git process.
 */
export async function claimAuthorityMode(ctx: CoordContext, settings: SyncSettings): Promise<ClaimAuthorityMode> {
  if (!settings.enabled) return { kind: 'tree', reason: 'sync is turned off' };
  const checkout = findGitCheckout(ctx.layout.root);
  if (!checkout) return { kind: 'tree', reason: 'the tree is not in a git repository' };
  let configured = remoteConfigured(checkout, settings.remote);
  if (configured === undefined) {
    configured = await new GitRepository(new GitRunner(ctx.layout.root), checkout, ctx.layout.localDir)
      .hasRemote(settings.remote)
      .catch(() => false);
  }
  // A remote named on purpose that is not there is a typo, not "no remote": its claims would silently stay here.
  if (!configured && settings.remote !== defaultSyncSettings.remote) {
    throw usageError(`the repository has no git remote ${JSON.stringify(settings.remote)}`, undefined, {
      action: 'configure-sync',
      setting: 'remote',
    });
  }
  if (!configured) return { kind: 'tree', reason: `the repository has no remote ${settings.remote}`, noRemote: true };
  return { kind: 'remote', checkout, remote: settings.remote };
}
