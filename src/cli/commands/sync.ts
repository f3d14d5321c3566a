import { refused } from '../../core/store/errors';
import { syncNow } from '../../core/sync/syncNow';
import { syncSummary } from '../../core/sync/syncResult';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import { rejectExtra, stringValue } from '../args';
import type { Command } from '../command';
import { clean } from '../format';

export const syncOptions = {
  remote: { type: 'string', help: '--remote NAME    the git remote (default $COORD_SYNC_REMOTE, else origin)' },
  branch: {
    type: 'string',
    help: '--branch NAME    the name the trees are published under (default $COORD_SYNC_BRANCH, else coordination)',
  },
} as const;

export const syncCommand: Command = {
  name: 'sync',
  summary: 'one sync round with git: fetch, merge, push; confirm or withdraw claims',
  usage: 'coord sync [--remote NAME] [--branch NAME]',
  details: [
    'Each computer publishes its tree on a ref of its own (refs/coordination/trees/), never checked out: your branches, index, stash and files are not touched.',
    'With no remote, worktrees of this repository sync through the local branch. Offline, local work goes on.',
    'Exit 1 when the round could not sync (offline, gave up after refused pushes, another round running).',
  ].join('\n'),
  options: syncOptions,
  async run({ ctx, positionals, values, env }) {
    rejectExtra(positionals, 0, 'coord sync');
    const settings = syncSettingsFrom(env, {
      remote: stringValue(values, 'remote'),
      branch: stringValue(values, 'branch'),
    });
    const result = await syncNow(ctx, settings);
    const lines = [`sync: ${syncSummary(result)}`];
    for (const d of result.diagnostics) lines.push(`  ${clean(d.path)}: ${clean(d.reason)}`);
    const ok = result.outcome === 'synced' || result.outcome === 'up-to-date';
    // Beside the round's result, the one failure shape: offline, gave up or busy is a later round's to settle.
    const disabled = result.outcome === 'disabled';
    const error = ok
      ? undefined
      : refused(
          `sync ${result.outcome}${result.reason ? `: ${result.reason}` : ''}`,
          undefined,
          { outcome: result.outcome },
          disabled ? { action: 'change-environment', need: 'sync-enabled' } : { action: 'retry-later' },
        );
    return { json: { ...result }, text: lines.join('\n'), ...(error ? { error } : {}) };
  },
};
