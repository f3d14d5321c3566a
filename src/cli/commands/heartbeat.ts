import { usageError } from '../../core/store/errors';
import { claimTitle } from '../../core/claims/claimView';
import { heartbeatSession } from '../../core/operations/heartbeatSession';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import type { Command } from '../command';
import { rejectExtra } from '../args';

const usage = 'coord heartbeat [action] [target] [phase] [progress]';

export const heartbeatCommand: Command = {
  name: 'heartbeat',
  summary: 'record that this session is alive (and what it does); renews its claims',
  usage,
  details:
    'action: what you do (e.g. editing); target: on what (e.g. src/core/claims.ts); phase: e.g. implement, test; progress: 0-100.',
  needsSession: true,
  async run({ ctx, session, positionals, env }) {
    rejectExtra(positionals, 4, usage);
    const [action, target, phase, progressText] = positionals;
    let progress: number | undefined;
    if (progressText !== undefined && progressText !== '') {
      const trimmed = progressText.replace(/%$/, '');
      if (!/^\d+$/.test(trimmed) || Number(trimmed) > 100)
        throw usageError(`progress ${JSON.stringify(progressText)} must be a whole number from 0 to 100`);
      progress = Number(trimmed);
    }
    const beat = {
      ...(action ? { action } : {}),
      ...(target ? { target } : {}),
      ...(phase ? { phase } : {}),
      ...(progress !== undefined ? { progress } : {}),
    };
    const result = await heartbeatSession(ctx, syncSettingsFrom(env), session, beat);
    const renewed = result.renewed.map((c) => `${c.type}/${c.name}`);
    return {
      json: { session: result.session, renewed },
      text: `Heartbeat ${result.session.beats} for ${session}${renewed.length ? `; renewed ${result.renewed.map(claimTitle).join(', ')}` : ''}`,
    };
  },
};
