import { claimTitle } from '../../core/claims/claimView';
import { stopSession } from '../../core/operations/stopSession';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import { rejectExtra } from '../args';
import type { Command } from '../command';

const usage = 'coord stop';

export const stopCommand: Command = {
  name: 'stop',
  summary: 'end this session and release its claims',
  usage,
  needsSession: true,
  async run({ ctx, session, env, positionals }) {
    rejectExtra(positionals, 0, usage);
    const result = await stopSession(ctx, syncSettingsFrom(env), session);
    const released = result.released.map((c) => `${c.type}/${c.name}`);
    return {
      json: { session: result.session, released },
      text: `Session ${session} ended${released.length ? `; released ${result.released.map(claimTitle).join(', ')}` : ''}`,
    };
  },
};
