import { releaseWork } from '../../core/operations/releaseWork';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import { rejectExtra, requirePositionals } from '../args';
import type { Command } from '../command';

const usage = 'coord release <type> <name> [--force]';

export const releaseCommand: Command = {
  name: 'release',
  summary: "give a claim back (or --force another session's, which tells them)",
  usage,
  options: {
    force: {
      type: 'boolean',
      help: '--force          release a claim another session holds; its holder gets a message',
    },
  },
  needsSession: true,
  async run({ ctx, session, positionals, values, env }) {
    const [type, name] = requirePositionals(positionals, ['type', 'name'], usage) as [string, string];
    rejectExtra(positionals, 2, usage);
    const result = await releaseWork(ctx, syncSettingsFrom(env), session, type, name, values.force === true);
    const text = result.forced
      ? `${type}/${name}: force-released from ${result.claim.holder}${result.notified ? ` (told them in message ${result.notified})` : ''}`
      : `${type}/${name}: released`;
    return {
      json: {
        released: result.claim,
        forced: result.forced,
        ...(result.notified ? { notified: result.notified } : {}),
        ...(result.remote !== 'local' ? { remote: result.remote } : {}),
      },
      text,
    };
  },
};
