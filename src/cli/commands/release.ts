import { confirmReleases } from '../../core/sync/claimConfirm';
import { releaseClaim } from '../../core/claims/claims';
import { findGitCheckout } from '../../core/sync/gitCheckout';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import { rejectExtra, requirePositionals } from '../args';
import type { Command } from '../command';

const usage = 'coord release <type> <name> [--force]';

export const releaseCommand: Command = {
  name: 'release',
  summary: 'give a claim back (or --force another session\'s, which tells them)',
  usage,
  options: { force: { type: 'boolean', help: '--force          release a claim another session holds; its holder gets a message' } },
  needsSession: true,
  run({ ctx, session, positionals, values, env }) {
    const [type, name] = requirePositionals(positionals, ['type', 'name'], usage) as [string, string];
    rejectExtra(positionals, 2, usage);
    const result = releaseClaim(ctx, session, type, name, values.force === true);
    const text = result.forced
      ? `${type}/${name}: force-released from ${result.claim.holder}${result.notified ? ` (told them in message ${result.notified})` : ''}`
      : `${type}/${name}: released`;
    const output = { json: { released: result.claim, forced: result.forced, ...(result.notified ? { notified: result.notified } : {}) }, text };
    // Deleting the claim's ref on the remote now lets other computers take it without waiting for a sync.
    if (!findGitCheckout(ctx.layout.root)) return output;
    return confirmReleases(ctx, syncSettingsFrom(env), [result.claim]).then((remote) => ({ ...output, json: { ...output.json, remote } }));
  },
};
