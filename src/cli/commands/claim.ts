import type { ConfirmResult } from '../../core/sync/claimConfirm';
import { claimWork } from '../../core/operations/claimWork';
import { claimExpiresAt, claimTitle } from '../../core/claims/claimView';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import { parseDuration } from '../../core/store/duration';
import { formatDuration } from '../../core/store/durationText';
import { rejectExtra, requirePositionals, stringValue } from '../args';
import type { Command } from '../command';
import { claimOutcomeText } from '../../core/claims/claimOutcomeText';

const usage =
  "coord claim <type> <name> [--ttl 2h] [--reason TEXT]\n       coord claim path '<glob>' [--shared] [--ttl 2h] [--reason TEXT]";

export const claimCommand: Command = {
  name: 'claim',
  summary: 'take an exclusive lease on a piece of work',
  usage,
  details:
    'type and name are slugs (a-z, 0-9, ".", "_", "-"), e.g. `coord claim issue 42` or `coord claim module auth`.\nType `path` claims files: its name is a glob relative to the repository root (`*`, `?`, `**`, `[a-z]`, `{a,b}`),\ne.g. `coord claim path \'src/core/**\'`; a pattern also covers what is below what it matches. Exit 1 when it overlaps\na live path claim of another session, naming it (unless both are --shared).\nExit 1 when another live session holds it; the message names the holder and when the lease ends.\nIn a git repository the claim is confirmed on the remote (COORD_SYNC_REMOTE, default origin) before the answer:\nexit 1 when another computer got there first; with no reachable remote it is pending until the next sync.',
  options: {
    ttl: { type: 'string', help: '--ttl DURATION   lease length, e.g. 30m, 2h (default from protocol.json, 2h)' },
    reason: { type: 'string', help: '--reason TEXT    what you are doing with it' },
    shared: {
      type: 'boolean',
      help: '--shared         path claims: may overlap other shared path claims (never an exclusive one)',
    },
  },
  needsSession: true,
  async run({ ctx, session, positionals, values, env }) {
    const [type, name] = requirePositionals(positionals, ['type', 'name'], usage) as [string, string];
    rejectExtra(positionals, 2, usage);
    const ttl = stringValue(values, 'ttl');
    const reason = stringValue(values, 'reason');
    const result = await claimWork(ctx, syncSettingsFrom(env), session, type, name, {
      ...(ttl !== undefined ? { ttlSeconds: parseDuration(ttl, '--ttl') } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(values.shared === true ? { shared: true } : {}),
    });
    const label = claimTitle(result.claim);
    const expiresAt = claimExpiresAt(result.claim);
    const how = claimOutcomeText(result);
    const output = (confirmation?: ConfirmResult) => ({
      json: {
        outcome: result.outcome,
        claim: result.claim,
        expiresAt,
        ...(result.previousHolder ? { previousHolder: result.previousHolder } : {}),
        ...(confirmation
          ? {
              confirmation: confirmation.confirmation,
              ...(confirmation.confirmation === 'pending' ? { pendingReason: confirmation.reason } : {}),
            }
          : {}),
      },
      text: `${label}: ${how} for ${formatDuration(result.claim.ttl * 1000)} (until ${expiresAt})${confirmationText(confirmation)}`,
    });
    return output(result.confirmation);
  },
};

function confirmationText(confirmation: ConfirmResult | undefined): string {
  if (!confirmation) return '';
  if (confirmation.confirmation === 'confirmed') return `; confirmed on ${confirmation.authority}`;
  if (confirmation.confirmation === 'pending')
    return `; PENDING, not yet yours — ${confirmation.reason}; the next sync confirms it or withdraws it`;
  return '';
}
