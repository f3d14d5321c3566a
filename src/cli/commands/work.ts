import { DiagnosticSink } from '../../core/store/diagnostics';
import { parseDuration } from '../../core/store/duration';
import { refused, usageError } from '../../core/store/errors';
import { addWork, listWork } from '../../core/work/work';
import { claimNextWork } from '../../core/operations/claimNextWork';
import { completeWork } from '../../core/operations/completeWork';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import { intValue, listValue, rejectExtra, requirePositionals, stringValue } from '../args';
import { workLine } from '../format';
import type { Command, CommandInput, CommandOutput } from '../command';
import { findSession } from '../../core/sessions/sessions';
import { assignWork } from '../../core/work/workAssignment';

const usage =
  'coord work add <title> [--priority N] [--depends-on ID]... [--role R] | work list | work next [--ttl 2h] | work done <id> | work assign <id> <session>';

export const workCommand: Command = {
  name: 'work',
  summary: 'the work queue: add, list, claim the next item, mark done',
  usage,
  details: [
    'work add <title>   add an item (priority 0-100, default 50; --depends-on may repeat; --role: for sessions of that role)',
    'work list          every item by priority: ready, claimed (by whom), blocked (on what) or done',
    'work next          claim the best ready item in one atomic step: assigned to you first, then for your role, then by',
    '                   priority; items assigned to another live session are left to it (exit 1 when none is ready)',
    'work done <id>     mark an item done and release its claim',
    'work assign <id> <session>  delegate an item to a live session and tell it by message',
  ].join('\n'),
  options: {
    priority: { type: 'string', help: '--priority N     0-100, higher first (work add)' },
    'depends-on': {
      type: 'string',
      multiple: true,
      help: '--depends-on ID  an item that must be done first (work add; repeatable)',
    },
    role: { type: 'string', help: '--role R         the role the item is for (work add)' },
    ttl: { type: 'string', help: '--ttl DURATION   lease length (work next)' },
  },
  run(input) {
    const [sub] = requirePositionals(input.positionals, ['add|list|next|done|assign'], usage);
    const handler = subcommands[sub ?? ''];
    if (!handler) throw usageError(`unknown work subcommand ${JSON.stringify(sub)}`, `usage: ${usage}`);
    return handler({ ...input, positionals: input.positionals.slice(1) });
  },
};

const subcommands: Record<string, (input: CommandInput) => CommandOutput | Promise<CommandOutput>> = {
  add({ ctx, session, positionals, values }) {
    const [title] = requirePositionals(positionals, ['title'], 'coord work add <title>') as [string];
    rejectExtra(positionals, 1, 'coord work add <title> (quote a title with spaces)');
    const priority = intValue(values, 'priority', 0, 100);
    const createdBy = session && findSession(ctx, session) ? session : undefined;
    const role = stringValue(values, 'role');
    const item = addWork(ctx, title, {
      ...(priority !== undefined ? { priority } : {}),
      dependsOn: listValue(values, 'depends-on'),
      ...(createdBy ? { createdBy } : {}),
      ...(role !== undefined ? { role } : {}),
    });
    return { json: { item }, text: `Added ${item.id} (priority ${item.priority})` };
  },
  list({ ctx, positionals }) {
    rejectExtra(positionals, 0, 'coord work list');
    const sink = new DiagnosticSink();
    const items = listWork(ctx, sink);
    const lines = items.length
      ? items.map(workLine)
      : ['The work queue is empty. Add items with `coord work add <title>`.'];
    if (sink.items.length) lines.push(`(${sink.items.length} bad file(s) skipped — run \`coord doctor\`)`);
    return {
      json: {
        items: items.map((v) => ({ ...v.item, state: v.state, holder: v.holder, waitingOn: v.waitingOn })),
        diagnostics: sink.items,
      },
      text: lines.join('\n'),
    };
  },
  async next({ ctx, session, positionals, values, env }) {
    rejectExtra(positionals, 0, 'coord work next');
    requireSession(session);
    const ttl = stringValue(values, 'ttl');
    const answer = await claimNextWork(
      ctx,
      syncSettingsFrom(env),
      session,
      ttl !== undefined ? parseDuration(ttl, '--ttl') : undefined,
    );
    if (!answer) {
      const error = refused(
        'no ready work item: all done, claimed or blocked',
        'see `coord work list`, or add work with `coord work add <title>`',
        undefined,
        { action: 'retry-later' },
      );
      return { json: { item: null }, text: 'No ready work item (all done, claimed or blocked).', error };
    }
    const { view, confirmation } = answer;
    const pending =
      confirmation?.confirmation === 'pending'
        ? ` — pending, not yet yours: ${confirmation.reason}; the next sync confirms it or withdraws it`
        : confirmation
          ? `; confirmed on ${confirmation.authority}`
          : '';
    return {
      json: {
        item: view.item,
        claim: { type: 'work', name: view.item.id },
        ...(confirmation
          ? {
              confirmation: confirmation.confirmation,
              ...(confirmation.confirmation === 'pending' ? { pendingReason: confirmation.reason } : {}),
            }
          : {}),
        ...(answer.lost.length ? { lost: answer.lost } : {}),
      },
      text: `Claimed work/${view.item.id}: ${view.item.title}${pending}`,
    };
  },
  async done({ ctx, session, positionals, env }) {
    const [id] = requirePositionals(positionals, ['id'], 'coord work done <id>') as [string];
    rejectExtra(positionals, 1, 'coord work done <id>');
    requireSession(session);
    const { item } = await completeWork(ctx, syncSettingsFrom(env), session, id);
    return { json: { item }, text: `Done: ${item.id}` };
  },
  assign({ ctx, session, positionals }) {
    const [id, assignee] = requirePositionals(positionals, ['id', 'session'], 'coord work assign <id> <session>') as [
      string,
      string,
    ];
    rejectExtra(positionals, 2, 'coord work assign <id> <session>');
    requireSession(session);
    const result = assignWork(ctx, session, id, assignee);
    return {
      json: { item: result.item, ...(result.messageId ? { messageId: result.messageId } : {}) },
      text: `Assigned ${result.item.id} to ${assignee}${result.messageId ? ` and told them (message ${result.messageId})` : ''}`,
    };
  },
};

function requireSession(session: string): void {
  if (!session)
    throw usageError(
      'this command needs a session',
      'run `coord start`, then export COORD_SESSION (or pass --session ID)',
      { action: 'register-session' },
    );
}
