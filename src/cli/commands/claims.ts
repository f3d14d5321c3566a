import { listClaims } from '../../core/claims';
import { DiagnosticSink } from '../../core/diagnostics';
import { claimLine } from '../format';
import type { Command } from '../command';

export const claimsCommand: Command = {
  name: 'claims',
  summary: 'list every claim with its holder and time left',
  usage: 'coord claims [--mine]',
  options: { mine: { type: 'boolean', help: '--mine           only the claims this session holds' } },
  run({ ctx, session, values }) {
    const sink = new DiagnosticSink();
    let claims = listClaims(ctx, sink).sort((a, b) => a.path.localeCompare(b.path));
    if (values.mine === true) claims = claims.filter((c) => c.claim.holder === session);
    const lines = claims.length ? claims.map(claimLine) : ['No claims.'];
    if (sink.items.length) lines.push(`(${sink.items.length} bad file(s) skipped — run \`coord doctor\`)`);
    return {
      json: { claims: claims.map((v) => ({ ...v.claim, expiresAt: v.expiresAt, remainingMs: v.remainingMs, expired: v.expired, holderState: v.holderState, free: v.free })), diagnostics: sink.items },
      text: lines.join('\n'),
    };
  },
};
