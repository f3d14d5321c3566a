import { claimConfirmation } from '../../core/sync/claimRefState';
import { listClaims } from '../../core/claims/claims';
import { claimRecord } from '../../core/claims/claimView';
import { DiagnosticSink } from '../../core/store/diagnostics';
import { claimsCoveringPath } from '../../core/claims/pathClaims';
import { relativeToRoot } from '../../core/records/pathGlob';
import { rejectExtra, stringValue } from '../args';
import { claimLine } from '../format';
import type { Command } from '../command';

const usage = 'coord claims [--mine] [--covering PATH]';

export const claimsCommand: Command = {
  name: 'claims',
  summary: 'list every claim with its holder and time left',
  usage,
  options: {
    mine: { type: 'boolean', help: '--mine           only the claims this session holds' },
    covering: {
      type: 'string',
      help: '--covering PATH  only the live path claims that cover this file or folder (relative to the repository root)',
    },
  },
  run({ ctx, session, values, positionals }) {
    rejectExtra(positionals, 0, usage);
    const sink = new DiagnosticSink();
    let claims = listClaims(ctx, sink).sort((a, b) => a.path.localeCompare(b.path));
    if (values.mine === true) claims = claims.filter((c) => c.claim.holder === session);
    const covering = stringValue(values, 'covering');
    if (covering !== undefined) claims = claimsCoveringPath(claims, relativeToRoot(ctx.layout.root, covering));
    // Pending: taken here, not yet confirmed on the remote (or this repository, with no remote) by a sync.
    const confirmations = claims.map((v) => claimConfirmation(ctx.layout, v.claim));
    const lines = claims.length
      ? claims.map((v, i) => `${claimLine(v)}${confirmations[i] ? `  [${confirmations[i]}]` : ''}`)
      : ['No claims.'];
    if (sink.items.length) lines.push(`(${sink.items.length} bad file(s) skipped — run \`coord doctor\`)`);
    return {
      json: {
        claims: claims.map((v, i) => ({
          ...claimRecord(v),
          ...(confirmations[i] ? { confirmation: confirmations[i] } : {}),
        })),
        diagnostics: sink.items,
      },
      text: lines.join('\n'),
    };
  },
};
