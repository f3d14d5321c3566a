import { confirmReleases } from '../../core/sync/claimConfirm';
import { claimTitle } from '../../core/claims/claimView';
import { findGitCheckout } from '../../core/sync/gitCheckout';
import { stopSession } from '../../core/sessions/lifecycle';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import type { Command } from '../command';

export const stopCommand: Command = {
  name: 'stop',
  summary: 'end this session and release its claims',
  usage: 'coord stop',
  needsSession: true,
  run({ ctx, session, env }) {
    const result = stopSession(ctx, session);
    const released = result.released.map((c) => `${c.type}/${c.name}`);
    const output = {
      json: { session: result.session, released },
      text: `Session ${session} ended${released.length ? `; released ${result.released.map(claimTitle).join(', ')}` : ''}`,
    };
    if (result.released.length === 0 || !findGitCheckout(ctx.layout.root)) return output;
    return confirmReleases(ctx, syncSettingsFrom(env), result.released).then(() => output);
  },
};
