import { claimExpiresAt } from '../../core/claims/claimView';
import { renewClaim } from '../../core/claims/claims';
import { parseDuration } from '../../core/store/duration';
import { formatDuration } from '../../core/store/durationText';
import { rejectExtra, requirePositionals, stringValue } from '../args';
import type { Command } from '../command';

const usage = 'coord renew <type> <name> [--ttl 2h]';

export const renewCommand: Command = {
  name: 'renew',
  summary: 'extend the lease of a claim you hold',
  usage,
  details: 'A heartbeat renews all your claims; renew one by hand to change its length.',
  options: {
    ttl: { type: 'string', help: '--ttl DURATION   new lease length from now (default: keep the current one)' },
  },
  needsSession: true,
  run({ ctx, session, positionals, values }) {
    const [type, name] = requirePositionals(positionals, ['type', 'name'], usage) as [string, string];
    rejectExtra(positionals, 2, usage);
    const ttl = stringValue(values, 'ttl');
    const claim = renewClaim(ctx, session, type, name, ttl !== undefined ? parseDuration(ttl, '--ttl') : undefined);
    const expiresAt = claimExpiresAt(claim);
    return {
      json: { claim, expiresAt },
      text: `${type}/${name}: renewed for ${formatDuration(claim.ttl * 1000)} (until ${expiresAt})`,
    };
  },
};
