import * as z from 'zod/mini';
import { listClaims } from '../core/claims/claims';
import type { ClaimView } from '../core/claims/claimView';
import { claimsCoveringPath } from '../core/claims/pathClaims';
import { relativeToRoot } from '../core/records/pathGlob';
import { DiagnosticSink } from '../core/store/diagnostics';
import { claimConfirmation } from '../core/sync/claimRefState';
import { optionalActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { sessionField } from './toolFields';

const input = z.strictObject({
  paths: z
    .array(z.string().check(z.minLength(1), z.maxLength(1000)))
    .check(
      z.minLength(1),
      z.maxLength(100),
      z.describe(
        'The files you are about to edit, relative to the repository root (e.g. ["src/auth/login.ts"]); absolute ' +
          'paths inside it work too. A folder is covered only by a claim of all of it: name the files to see the rest.',
      ),
    ),
  session: sessionField,
});

/** `coord claims --covering PATH`, for several paths at once: a look before editing, which changes nothing. */
export const claimsCoveringTool: AgentTool<z.infer<typeof input>> = {
  name: 'claims_covering',
  title: 'Who has these files?',
  description:
    'Before you edit files, ask who has them: lists the live path claims (type "path", a glob of files) that ' +
    'cover each path, with holder and expiresAt. Outcome "free" (nobody), "yours" (only your own claims) or ' +
    '"held" (another session\'s claim: edit other files or message the holder). Changes nothing; ' +
    'to hold files yourself, claim type "path" with a glob as name.',
  input,
  mutating: false,
  concerns: (i) => ({ paths: i.paths }),
  run(i, env) {
    const self = optionalActingSession(env, i.session);
    const sink = new DiagnosticSink();
    const views = listClaims(env.ctx, sink);
    const perPath = i.paths.map((path) => ({
      path,
      covering: claimsCoveringPath(views, relativeToRoot(env.ctx.layout.root, path)),
    }));
    const covering = [...new Map(perPath.flatMap((p) => p.covering).map((v) => [v.path, v])).values()];
    const others = covering.filter((v) => v.claim.holder !== self);
    const first = others[0];
    const outcome = covering.length === 0 ? 'free' : first ? 'held' : 'yours';
    const shown = (v: ClaimView) => {
      const confirmation = claimConfirmation(env.ctx.layout, v.claim);
      return {
        ...v.claim,
        expiresAt: v.expiresAt,
        holderState: v.holderState,
        ...(confirmation ? { confirmation } : {}),
      };
    };
    const described = (v: ClaimView) =>
      `path ${v.claim.glob}${v.claim.shared ? ' (shared)' : ''} ` + `by ${v.claim.holder} until ${v.expiresAt}`;
    const lines = perPath.map((p) => `${p.path}: ${p.covering.length ? p.covering.map(described).join('; ') : 'free'}`);
    return toolResult(
      outcome,
      {
        paths: perPath.map((p) => ({ path: p.path, claims: p.covering.map(shown) })),
        ...(first ? { holder: first.claim.holder, expiresAt: first.expiresAt } : {}),
        holders: [...new Set(others.map((v) => v.claim.holder))],
        diagnostics: sink.items,
      },
      lines.join('\n'),
      nextFor(outcome, others),
    );
  },
};

function nextFor(outcome: string, others: ClaimView[]): string {
  if (outcome === 'free') {
    return (
      'nobody has them: claim them before you edit if others might (claim tool, type "path", ' +
      'name a glob such as "src/auth/**")'
    );
  }
  if (outcome === 'yours') return 'they are covered by your own claims: go on editing';
  const holders = [...new Set(others.map((v) => v.claim.holder))];
  const ask = `ask ${holders.join(' or ')} with the send tool`;
  if (others.every((v) => v.claim.shared === true)) {
    return (
      `shared claims of ${holders.join(', ')} cover them: you may claim them shared too ` +
      `(claim tool, type "path", shared: true), or ${ask}`
    );
  }
  return `another session has them: edit other files, or ${ask} (to: "${holders[0]}") before you touch them`;
}
