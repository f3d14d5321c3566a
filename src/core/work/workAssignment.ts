import { toJson, writeFileAtomic } from '../store/atomicFile';
import { isoTime } from '../store/clock';
import type { CoordContext } from '../records/context';
import { badTree, refused } from '../store/errors';
import { isAlive, livenessOf } from '../sessions/liveness';
import { sendMessage } from '../messages/messages';
import { readRecord } from '../records/recordReader';
import { workItemSchema, type WorkItem } from '../records/workItem';
import { findSession, requireOwnSession } from '../sessions/sessions';
import { assertSlug } from '../store/slug';

export interface AssignResult {
  item: WorkItem;
  /** The message that told the assignee, unless they assigned it to themselves. */
  messageId?: string;
}

/**
 * Delegation: sets a work item's assignee and tells them by message. The assignee must be a live session — an
 * item handed to a session that will never read the message would sit reserved for nobody.
 */
export function assignWork(ctx: CoordContext, by: string, id: string, assignee: string): AssignResult {
  const assigner = requireOwnSession(ctx, by);
  assertSlug('work item id', id);
  assertSlug('assignee', assignee);
  const path = ctx.layout.workFile(id);
  const found = readRecord(path, workItemSchema, 'work');
  if (!found.ok) {
    if (found.missing)
      throw refused(`no work item ${id}`, undefined, { id }, { action: 'choose-existing', kind: 'work-item' });
    throw badTree(`work item ${path} ${found.reason}`, undefined, undefined, { action: 'repair-tree', path });
  }
  if (found.value.status === 'done')
    throw refused(
      `work item ${id} is already done`,
      undefined,
      { id },
      { action: 'choose-existing', kind: 'work-item' },
    );
  const target = findSession(ctx, assignee);
  if (!target)
    throw refused(
      `no session ${assignee} in ${ctx.layout.dir}`,
      undefined,
      { assignee },
      { action: 'choose-existing', kind: 'session' },
    );
  const state = livenessOf(target, ctx.clock.now(), ctx.config);
  if (!isAlive(state))
    throw refused(
      `session ${assignee} is ${state}; it cannot take on work`,
      undefined,
      { assignee, state },
      { action: 'choose-existing', kind: 'session' },
    );
  const item: WorkItem = { ...found.value, assignee, assignedBy: by, updatedAt: isoTime(ctx.clock.now()) };
  writeFileAtomic(path, toJson(item));
  if (assignee === by) return { item };
  const message = sendMessage(
    ctx,
    by,
    assignee,
    `Work assigned to you: ${oneLine(item.title, 120)}`,
    [
      `${assigner.name} (${by}) assigned work item ${item.id} to you:`,
      `  ${item.title} (priority ${item.priority}${item.role ? `, role ${item.role}` : ''})`,
      '',
      '`coord work next` offers items assigned to you first; or claim it directly with',
      `\`coord claim work ${item.id}\`.`,
    ].join('\n'),
  );
  return { item, messageId: message.id };
}

function oneLine(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
