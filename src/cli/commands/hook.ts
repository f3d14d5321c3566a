import { existsSync } from 'node:fs';
import { openContext } from '../../core/files/context';
import { claudeHookJson, deliveryText } from '../../core/messages/deliveryText';
import { usageError } from '../../core/files/errors';
import { TreeLayout } from '../../core/files/layout';
import { deliverUnread } from '../../core/messages/turnDelivery';
import { beatIfDue } from '../../core/sessions/turnBeat';
import { intValue, rejectExtra, stringValue } from '../args';
import type { Command } from '../command';

const usage = 'coord hook [--beat] [--format text|claude] [--event NAME] [--limit N]';

/** Claude Code events whose `additionalContext` reaches the model. */
const claudeEvents = ['UserPromptSubmit', 'PostToolUse', 'SessionStart'];

export const hookCommand: Command = {
  name: 'hook',
  summary: 'print this session\'s new messages compactly and mark them read (for an agent\'s turn hook)',
  usage,
  details: [
    'Made to run at an agent\'s turn boundary: prints nothing when there is nothing new, and always exits 0 —',
    'with no session (COORD_SESSION unset) or no tree it is silent; a session that is unknown or ended, or any',
    'other error, is one line on stderr. --format claude prints Claude Code\'s hook JSON',
    '({"hookSpecificOutput": {"hookEventName": EVENT, "additionalContext": ...}}), which a PostToolUse hook needs;',
    'for UserPromptSubmit and SessionStart hooks plain text works too.',
    '--beat also sends a heartbeat (keeping the last one\'s action and target, renewing your claims) when half an',
    'interval has passed since the last: the hook then keeps the agent alive without it having to think of it.',
  ].join('\n'),
  options: {
    format: { type: 'string', help: '--format F       text (default) or claude (Claude Code hook JSON)' },
    event: { type: 'string', help: `--event NAME     the Claude Code event for --format claude: ${claudeEvents.join(', ')} (default UserPromptSubmit)` },
    limit: { type: 'string', help: '--limit N        at most N messages per turn, most urgent first (default 10); the rest come next turn' },
    beat: { type: 'boolean', help: '--beat           also heartbeat when one is due (at most every half interval); renews your claims' },
  },
  needsTree: false,
  failSoft: true,
  run({ root, session, positionals, values }) {
    rejectExtra(positionals, 0, usage);
    const format = stringValue(values, 'format') ?? 'text';
    if (format !== 'text' && format !== 'claude') throw usageError(`--format ${JSON.stringify(format)} must be text or claude`);
    const event = stringValue(values, 'event') ?? 'UserPromptSubmit';
    if (!claudeEvents.includes(event)) throw usageError(`--event ${JSON.stringify(event)} must be one of ${claudeEvents.join(', ')}`);
    const limit = intValue(values, 'limit', 1, 1000) ?? 10;
    // A hook configured for every repository runs in many without a tree or a session: that is not an error.
    if (!session) return { json: { messages: [], remaining: 0, skipped: 'no session (COORD_SESSION is not set)' }, text: '' };
    if (!existsSync(new TreeLayout(root).dir)) return { json: { messages: [], remaining: 0, skipped: `no coordination tree in ${root}` }, text: '' };
    const ctx = openContext(root);
    const beat = values.beat === true ? beatIfDue(ctx, session) : undefined;
    const delivery = deliverUnread(ctx, session, limit);
    const text = deliveryText(session, delivery);
    return {
      json: { session, messages: delivery.messages, remaining: delivery.remaining, ...(beat ? { beat: beat.beat, renewed: beat.renewed } : {}) },
      text: format === 'claude' && text ? claudeHookJson(event, text) : text,
    };
  },
};
