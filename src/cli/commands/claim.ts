import { takeClaim } from '../../core/claims';
import { parseDuration } from '../../core/duration';
import { formatDuration } from '../../core/duration';
import { rejectExtra, requirePositionals, stringValue } from '../args';
import type { Command } from '../command';

const usage = 'coord claim <type> <name> [--ttl 2h] [--reason TEXT]';

export const claimCommand: Command = {
  name: 'claim',
  summary: 'take an exclusive lease on a piece of work',
  usage,
  details: 'type and name are slugs (a-z, 0-9, ".", "_", "-"), e.g. `coord claim issue 42` or `coord claim module auth`.\nExit 1 when another live session holds it; the message names the holder and when the lease ends.',
  options: {
    ttl: { type: 'string', help: '--ttl DURATION   lease length, e.g. 30m, 2h (default from protocol.json, 2h)' },
    reason: { type: 'string', help: '--reason TEXT    what you are doing with it' },
  },
  needsSession: true,
  run({ ctx, session, positionals, values }) {
    const [type, name] = requirePositionals(positionals, ['type', 'name'], usage) as [string, string];
    rejectExtra(positionals, 2, usage);
    const ttl = stringValue(values, 'ttl');
    const reason = stringValue(values, 'reason');
    const result = takeClaim(ctx, session, type, name, {
      ...(ttl !== undefined ? { ttlSeconds: parseDuration(ttl, '--ttl') } : {}),
      ...(reason !== undefined ? { reason } : {}),
    });
    const expiresAt = new Date(Date.parse(result.claim.renewedAt) + result.claim.ttl * 1000).toISOString();
    const how = result.outcome === 'taken-over' ? `taken over from ${result.previousHolder}` : result.outcome === 'already-held' ? 'already yours; renewed' : 'claimed';
    return {
      json: { outcome: result.outcome, claim: result.claim, expiresAt, ...(result.previousHolder ? { previousHolder: result.previousHolder } : {}) },
      text: `${type}/${name}: ${how} for ${formatDuration(result.claim.ttl * 1000)} (until ${expiresAt})`,
    };
  },
};
