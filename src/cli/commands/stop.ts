import { stopSession } from '../../core/lifecycle';
import type { Command } from '../command';

export const stopCommand: Command = {
  name: 'stop',
  summary: 'end this session and release its claims',
  usage: 'coord stop',
  needsSession: true,
  run({ ctx, session }) {
    const result = stopSession(ctx, session);
    const released = result.released.map((c) => `${c.type}/${c.name}`);
    return {
      json: { session: result.session, released },
      text: `Session ${session} ended${released.length ? `; released ${released.join(', ')}` : ''}`,
    };
  },
};
