import { existsSync } from 'node:fs';
import { openContext } from '../../core/files/context';
import { cleanText } from '../../core/files/cleanText';
import { claudeHookJson, deliveryText } from '../../core/messages/deliveryText';
import { usageError } from '../../core/files/errors';
import { TreeLayout } from '../../core/files/layout';
import { deliverUnread } from '../../core/messages/turnDelivery';
import { beatIfDue } from '../../core/sessions/turnBeat';
import { endAgentSession, linkedSession, startAgentSession } from '../../core/agents/agentSessions';
import { agentProcessAbove } from '../../core/agents/agentProcess';
import { linkAgentProcess } from '../../core/agents/agentProcessLink';
import { exportSessionToClaude, readClaudeHookInput } from '../claudeHookInput';
import { releasedOnAuthority } from '../../core/operations/stopSession';
import { renewalsReached } from '../../core/operations/heartbeatSession';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import { intValue, rejectExtra, stringValue } from '../args';
import type { Command } from '../command';

const usage = 'coord hook [--beat] [--format text|claude] [--event NAME] [--limit N] [--register [--name N] [--role R]]';

/** What an agent hears when the hook registered (or resumed) its session: who it is, and the one rule. */
function sessionGreeting(id: string, name: string, resumed: boolean, exported: boolean): string {
  return [
    `[coord] You are ${resumed ? 'still ' : ''}coordination session ${id} (${cleanText(name)}) in this repository, beside other sessions working in parallel.`,
    exported ? 'Your shell commands act as it (COORD_SESSION is set).' : `Pass --session ${id} to every coord command (COORD_SESSION is not set in your shell).`,
    'The coordination MCP tools act as it too.',
    "Before you edit files, claim them: coord claim path '<glob>' --reason '<what you do>'. Exit 1 means another session holds them: message it (coord send <holder> <subject> <body>) or pick other work.",
    'Release what you finish (coord release path <glob>). Messages from other sessions arrive here at each turn.',
  ].join(' ');
}

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
    'With --format claude the hook reads Claude Code\'s input on stdin: the event (unless --event says) and the',
    'agent\'s session_id. With --register, a SessionStart registers a coordination session for that agent session',
    '(or resumes the one linked to it), exports COORD_SESSION to its shell through CLAUDE_ENV_FILE and tells the',
    'agent who it is; later events act as the linked session; a SessionEnd stops it. COORD_SESSION, when set, wins.',
  ].join('\n'),
  options: {
    format: { type: 'string', help: '--format F       text (default) or claude (Claude Code hook JSON)' },
    event: { type: 'string', help: `--event NAME     the Claude Code event for --format claude: ${claudeEvents.join(', ')}, SessionEnd (default: from the hook input, else UserPromptSubmit)` },
    limit: { type: 'string', help: '--limit N        at most N messages per turn, most urgent first (default 10); the rest come next turn' },
    beat: { type: 'boolean', help: '--beat           also heartbeat when one is due (at most every half interval); renews your claims' },
    register: { type: 'boolean', help: '--register       with --format claude: at SessionStart, register a session for this agent session (or resume its own)\n                 and export COORD_SESSION to its shell; at SessionEnd, stop it' },
    name: { type: 'string', help: '--name N         with --register: the new session\'s name (default "claude <id>")' },
    role: { type: 'string', help: '--role R         with --register: the new session\'s role' },
  },
  needsTree: false,
  failSoft: true,
  run({ root, session, positionals, values, env }) {
    rejectExtra(positionals, 0, usage);
    const format = stringValue(values, 'format') ?? 'text';
    if (format !== 'text' && format !== 'claude') throw usageError(`--format ${JSON.stringify(format)} must be text or claude`);
    const limit = intValue(values, 'limit', 1, 1000) ?? 10;
    const input = format === 'claude' ? readClaudeHookInput() : {};
    const event = stringValue(values, 'event') ?? input.event ?? 'UserPromptSubmit';
    if (!claudeEvents.includes(event) && event !== 'SessionEnd') throw usageError(`--event ${JSON.stringify(event)} must be one of ${[...claudeEvents, 'SessionEnd'].join(', ')}`);
    // A hook configured for every repository runs in many without a tree or a session: that is not an error.
    if (!existsSync(new TreeLayout(root).dir)) return { json: { messages: [], remaining: 0, skipped: `no coordination tree in ${root}` }, text: '' };
    const ctx = openContext(root);
    const register = values.register === true;
    let acting = session || undefined;
    let greeting = '';
    if (input.sessionId && !acting) {
      if (event === 'SessionEnd') {
        const ended = register ? endAgentSession(ctx, input.sessionId) : undefined;
        const output = { json: { messages: [], remaining: 0, ...(ended ? { ended: ended.session.id } : {}) }, text: '' };
        // As `coord stop` does: the released claims' refs go from the remote now, not at the next round.
        if (!ended?.released.length) return output;
        return releasedOnAuthority(ctx, syncSettingsFrom(env), ended.released).then(() => output);
      }
      if (event === 'SessionStart' && register) {
        const name = stringValue(values, 'name');
        const role = stringValue(values, 'role');
        const started = startAgentSession(ctx, input.sessionId, { ...(name ? { name } : {}), ...(role ? { role } : {}) });
        // So the agent's MCP server, a child of the same agent process, acts as this session too.
        linkAgentProcess(ctx, input.sessionId, agentProcessAbove());
        acting = started.session.id;
        greeting = sessionGreeting(started.session.id, started.session.name, started.resumed, exportSessionToClaude(env.CLAUDE_ENV_FILE, acting));
      } else {
        acting = linkedSession(ctx, input.sessionId)?.session;
      }
    }
    if (!acting) return { json: { messages: [], remaining: 0, skipped: 'no session (COORD_SESSION is not set, and no session is linked to this agent session)' }, text: '' };
    if (event === 'SessionEnd') return { json: { session: acting, messages: [], remaining: 0 }, text: '' };
    const beat = values.beat === true ? beatIfDue(ctx, acting) : undefined;
    const delivery = deliverUnread(ctx, acting, limit);
    const text = [greeting, deliveryText(acting, delivery)].filter((t) => t).join('\n\n');
    const output = {
      json: { session: acting, messages: delivery.messages, remaining: delivery.remaining, ...(beat ? { beat: beat.beat, renewed: beat.renewed } : {}), ...(greeting ? { greeting } : {}) },
      text: format === 'claude' && text ? claudeHookJson(event, text) : text,
    };
    // A beat whose leases on the remote are past half their ttl publishes the renewals, so no loop is needed.
    if (!beat?.renewedClaims.length) return output;
    return renewalsReached(ctx, syncSettingsFrom(env), beat.renewedClaims).then(() => output);
  },
};
