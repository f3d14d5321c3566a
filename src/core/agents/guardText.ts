import { claimLabel } from '../claims/claimView';
import { formatDuration } from '../store/durationText';
import type { GuardConflict } from './commitGuard';
import type { Committer } from './guardCommitter';
import type { GuardSetting } from './guardSetting';
import { cleanText } from '../store/cleanText';

const maxFiles = 20;

/**
 * What the guard tells the person or agent committing: each file with who holds it, until when and why; whom to
 * ask and how; and how to go ahead once agreed. Written for stderr, which git shows (and VS Code puts in its
 * error dialog).
 */
export function guardReport(conflicts: readonly GuardConflict[], setting: GuardSetting, committer: Committer): string {
  const refusing = setting.mode === 'refuse';
  const count = conflicts.length;
  const lines = [`coord guard: this commit touches ${count} file${count === 1 ? '' : 's'} claimed by another session:`];
  for (const { file, claims } of conflicts.slice(0, maxFiles)) {
    const holders = claims.map((v) => {
      const c = v.claim;
      return `${c.holder} (${claimLabel(c)}${c.shared ? ', shared' : ''}, until ${v.expiresAt}, ${formatDuration(v.remainingMs)} left${c.reason ? `: ${cleanText(c.reason)}` : ''})`;
    });
    lines.push(`  ${cleanText(file)} — claimed by ${holders.join('; ')}`);
  }
  if (count > maxFiles) lines.push(`  … and ${count - maxFiles} more`);
  const holders = [...new Set(conflicts.flatMap((c) => c.claims.map((v) => v.claim.holder)))];
  lines.push(
    `Ask first: ${holders.map((h) => `coord send ${h} "<subject>" "<body>"`).join(', or ')}; or unstage those files (git restore --staged -- <file>).`,
  );
  lines.push(`(committer: ${committer.how})`);
  if (setting.invalid !== undefined)
    lines.push(
      `${setting.source} is ${JSON.stringify(setting.invalid)}, not refuse, warn or off: refusing, as by default.`,
    );
  lines.push(
    refusing
      ? `Commit refused (${setting.source}: refuse). Once agreed: COORD_GUARD=warn git commit …, or git config coord.guard warn.`
      : `Committed anyway (${setting.source}: warn).`,
  );
  return lines.join('\n');
}
