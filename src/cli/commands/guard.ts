import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commitConflicts, type GuardConflict } from '../../core/agents/commitGuard';
import { refused, type CoordError } from '../../core/store/errors';
import { openContext } from '../../core/records/context';
import { findGitCheckout } from '../../core/store/gitCheckout';
import { GitRunner } from '../../core/sync/gitRunner';
import { findCommitter } from '../../core/agents/guardCommitter';
import { readGuardSetting } from '../../core/agents/guardSetting';
import { guardReport } from '../../core/agents/guardText';
import { TreeLayout } from '../../core/store/layout';
import { stagedFiles } from '../../core/agents/stagedFiles';
import { rejectExtra } from '../args';
import type { Command, CommandOutput } from '../command';

const usage = 'coord guard';

export const guardCommand: Command = {
  name: 'guard',
  summary: "check the staged files against other sessions' path claims (the pre-commit hook)",
  usage,
  details: [
    'Run by the pre-commit hook `coord init --guard` installs; also by hand, to ask whether a commit would pass.',
    'Exit 1 when a staged file (both sides of a rename, deletions too) is covered by a live path claim of another',
    'session and the mode is refuse. Mode: COORD_GUARD, else `git config coord.guard`: refuse (default), warn, off.',
    'The committer is --session / COORD_SESSION; without one, the live human sessions on this computer (VS Code).',
    'Concluding a merge is not checked. No tree, no repository or any error of its own: the commit goes through',
    '(a line on stderr says why).',
  ].join('\n'),
  needsTree: false,
  failSoft: true,
  async run({ root, session, positionals, env }): Promise<CommandOutput> {
    rejectExtra(positionals, 0, usage);
    const checkout = findGitCheckout(root);
    if (!checkout || !existsSync(new TreeLayout(root).dir))
      return { json: { checked: false, reason: 'no coordination tree or no git repository' }, text: '' };
    const git = new GitRunner(checkout.topLevel);
    const setting = await readGuardSetting(git, env.COORD_GUARD);
    if (setting.mode === 'off') return { json: { checked: false, mode: 'off', source: setting.source }, text: '' };
    // Concluding a merge commits what others already committed elsewhere; judging it would refuse every merge of
    // a branch that touched a claimed folder. The merge's own edits were judged when they were committed.
    if (existsSync(join(checkout.gitDir, 'MERGE_HEAD')))
      return { json: { checked: false, reason: 'a merge is being concluded' }, text: '' };
    // A hook's GIT_INDEX_FILE may be relative to the working tree's top, where git runs hooks.
    const indexFile = env.GIT_INDEX_FILE ? resolve(checkout.topLevel, env.GIT_INDEX_FILE) : undefined;
    const staged = await stagedFiles(git, indexFile);
    const ctx = openContext(root);
    const committer = findCommitter(ctx, session);
    const conflicts = commitConflicts(ctx, checkout.topLevel, staged, committer);
    const refuse = conflicts.length > 0 && setting.mode === 'refuse';
    return {
      json: {
        checked: true,
        mode: setting.mode,
        source: setting.source,
        ...(setting.invalid !== undefined ? { invalid: setting.invalid } : {}),
        committer: committer.sessions,
        files: staged.length,
        conflicts: conflicts.map((c) => ({
          file: c.file,
          claims: c.claims.map((v) => ({ ...v.claim, expiresAt: v.expiresAt, holderState: v.holderState })),
        })),
      },
      text: '',
      ...(conflicts.length ? { stderr: guardReport(conflicts, setting, committer) } : {}),
      ...(refuse ? { error: guardRefusal(conflicts) } : {}),
    };
  },
};

/** The commit's refusal in the one failure shape: the first holder is the one to ask (details list them all). */
function guardRefusal(conflicts: readonly GuardConflict[]): CoordError {
  const holders = [...new Set(conflicts.flatMap((c) => c.claims.map((v) => v.claim.holder)))];
  const files = conflicts.map((c) => c.file);
  const named = `${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}`;
  return refused(
    `the commit touches ${files.length} file(s) claimed by another session: ${named}`,
    undefined,
    { holder: holders[0], holders, files },
    { action: 'ask-holder', holder: holders[0] ?? '' },
  );
}
