import type { ClaimView } from '../core/claims/claims';
import { claimTitle } from '../core/claims/claimView';
import { formatDuration } from '../core/store/durationText';
import type { InboxEntry } from '../core/messages/messages';
import { cleanText } from '../core/store/cleanText';
import type { SessionView } from '../core/sessions/sessions';
import type { WorkView } from '../core/work/work';

/** Text from files is printed through `clean`, so a name or subject holding terminal escape sequences cannot rewrite the user's screen. */
export const clean = cleanText;

export const stateMarks: Record<string, string> = { active: '●', stale: '◐', gone: '○', ended: '·' };

export function sessionLine(view: SessionView & { claims?: string[] }): string {
  const s = view.session;
  const beat = s.heartbeat;
  const doing = [
    beat?.action,
    beat?.target,
    beat?.phase,
    beat?.progress !== undefined ? `${beat.progress}%` : undefined,
  ].filter((x) => x !== undefined && x !== '');
  const parts = [
    `${stateMarks[view.state] ?? '?'} ${s.id}`,
    `${view.state}, ${s.kind}${s.role ? `, ${clean(s.role)}` : ''}`,
    `beat ${formatDuration(view.heartbeatAgeMs)} ago`,
  ];
  if (s.name !== s.id) parts.splice(1, 0, clean(s.name));
  if (doing.length) parts.push(clean(doing.join(' · ')));
  if (view.claims?.length) parts.push(`claims: ${view.claims.join(', ')}`);
  return parts.join('  ');
}

export function claimLine(view: ClaimView): string {
  const c = view.claim;
  const left = view.expired ? 'expired' : `${formatDuration(view.remainingMs)} left`;
  const holderNote = view.holderState === 'gone' || view.holderState === 'ended' ? ` (holder ${view.holderState})` : '';
  const subject = clean(claimTitle(c));
  return `${subject}  ${c.holder}${holderNote}  ${left}${c.reason ? `  ${clean(c.reason)}` : ''}`;
}

export function inboxLine(entry: InboxEntry): string {
  const m = entry.message;
  const flags = [entry.read ? ' ' : '*', m.priority === 'normal' ? '' : `[${m.priority}]`].join('');
  return `${flags} ${m.id}  ${m.sentAt.slice(0, 19).replace('T', ' ')}  ${m.from} → ${m.to}  ${clean(m.subject)}${m.ackRequired ? '  (ack requested)' : ''}`;
}

export function workLine(view: WorkView): string {
  const item = view.item;
  const state =
    view.state === 'claimed'
      ? `claimed by ${view.holder}`
      : view.state === 'blocked'
        ? `blocked on ${view.waitingOn.join(', ')}`
        : view.state;
  const routing = [item.assignee ? `for ${item.assignee}` : '', item.role ? `role ${clean(item.role)}` : '']
    .filter((x) => x)
    .join(', ');
  return `${String(item.priority).padStart(3)}  ${item.id}  ${clean(item.title)}  [${state}]${routing ? `  (${routing})` : ''}`;
}
