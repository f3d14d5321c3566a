import { runDoctor } from '../../core/views/doctor';
import { badTree } from '../../core/store/errors';
import { rejectExtra } from '../args';
import type { Command } from '../command';
import { clean } from '../format';

const usage = 'coord doctor [--clean]';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check every file of the tree; list each problem with its path and reason',
  usage,
  details: 'Exit 0 when the tree is sound, 3 when a file has a problem. Records are never changed.',
  options: {
    clean: { type: 'boolean', help: '--clean          delete temporary and lock files left by killed writers' },
  },
  run({ ctx, values, positionals }) {
    rejectExtra(positionals, 0, usage);
    const report = runDoctor(ctx, { clean: values.clean === true });
    const lines = [`Checked ${report.checked} record(s) in ${report.dir}`];
    // A file name can hold terminal escape sequences: paths are printed through `clean`, like every text from the tree.
    for (const p of report.problems) lines.push(`  ${clean(p.path)}: ${clean(p.reason)}`);
    lines.push(report.problems.length ? `${report.problems.length} problem(s) found` : 'No problems found');
    if (report.leftovers.length) {
      lines.push(
        values.clean === true
          ? `Removed ${report.cleaned} leftover temporary file(s)`
          : `${report.leftovers.length} leftover temporary file(s) from killed writers — remove with \`coord doctor --clean\``,
      );
    }
    // The one failure shape every command answers with (the report stays beside it).
    const first = report.problems[0];
    const error = first
      ? badTree(
          `${report.problems.length} problem(s) in ${report.dir}, first ${first.path}: ${first.reason}`,
          'fix or remove the files listed in problems; records are never changed by coord doctor',
          { problems: report.problems.length },
        )
      : undefined;
    return { json: { ...report }, text: lines.join('\n'), ...(error ? { error } : {}) };
  },
};
