import { existsSync } from 'node:fs';
import { openContext, type CoordContext } from '../../core/records/context';
import { claudeHookJson, deliveryText } from '../../core/messages/deliveryText';
import { usageError } from '../../core/store/errors';
import { TreeLayout } from '../../core/store/layout';
import { deliverUnread } from '../../core/messages/turnDelivery';
import { beatIfDue } from '../../core/agents/turnBeat';
import { findSession } from '../../core/sessions/sessions';
import { endAgentSession, linkedSession, linkSession, startAgentSession } from '../../core/agents/agentSessions';
import {
  agentKinds, agentSessionName, detectAgentKind, isAgentKind, type AgentKind,
} from '../../core/agents/agentKind';
import { messagesAtStop } from '../../core/agents/stopMessages';
import { exportSessionToClaude, readAgentHookInput, type AgentHookRead } from '../agentHookInput';
import { sessionGreeting, stopReason } from '../agentHookText';
import { intValue, rejectExtra, stringValue } from '../args';
import type { Command, CommandInput, CommandOutput } from '../command';

// Modules a hook run needs only now and then, required where used (see the comments there).
type StopSessionModule = typeof import('../../core/operations/stopSession');
type SyncSettingsModule = typeof import('../../core/sync/syncSettings');
type AgentProcessModule = typeof import('../../core/agents/agentProcess');
type AgentProcessLinkModule = typeof import('../../core/agents/agentProcessLink');
type HeartbeatSessionModule = typeof import('../../core/operations/heartbeatSession');

const usage = 'coord hook [--beat] [--agent claude|codex|gemini | --format text|claude] [--event NAME] [--limit N]'
  + ' [--register [--name N] [--role R]]';

/**
 * Events whose `hookSpecificOutput.additionalContext` reaches the model: Claude Code's and Codex's
 * (SessionStart, UserPromptSubmit, PostToolUse) and Gemini CLI's (SessionStart, BeforeAgent, AfterTool).
 */
const contextEvents = ['SessionStart', 'UserPromptSubmit', 'PostToolUse', 'BeforeAgent', 'AfterTool'];
/** Where an agent is about to go idle: Claude Code's and Codex's Stop, Gemini CLI's AfterAgent (same answer). */
const stopEvents = ['Stop', 'AfterAgent'];
const handledEvents = [...contextEvents, ...stopEvents, 'SessionEnd'];

/** Nothing for the agent: no stdout at all, and at most one line on stderr. */
const silent = (json: Record<string, unknown>, stderr?: string): CommandOutput => ({
  json: { messages: [], remaining: 0, ...json },
  text: '',
  ...(stderr ? { stderr } : {}),
});

export const hookCommand: Command = {
  name: 'hook',
  summary: 'print this session\'s new messages compactly and mark them read (for an agent\'s turn hook)',
  usage,
  details: [
    'Made to run at an agent\'s turn boundary: prints nothing when there is nothing new, and always exits 0 —',
    'with no session (COORD_SESSION unset) or no tree it is silent; a session that is unknown or ended, hook input',
    'that is not the agent\'s JSON, or any other error, is one line on stderr.',
    '--agent claude|codex|gemini (or --format claude, which tells the agent from its input) reads the agent\'s hook',
    'JSON on stdin — the event (unless --event says) and the agent\'s session_id — and answers in the JSON the',
    'three agents take ({"hookSpecificOutput": {"hookEventName": EVENT, "additionalContext": ...}}).',
    '--beat also sends a heartbeat (keeping the last one\'s action and target, renewing your claims) when half an',
    'interval has passed since the last: the hook then keeps the agent alive without it having to think of it.',
    'With --register, a SessionStart registers a coordination session named after the agent ("codex 1a2b3c4d") for',
    'that agent session (or resumes the one linked to it) and tells the agent who it is (Claude Code: also exports',
    'COORD_SESSION to its shell through CLAUDE_ENV_FILE); later events act as the linked session; a SessionEnd stops',
    'it. COORD_SESSION, when set, wins (and SessionStart still tells the agent its id).',
    'Stop (Claude Code, Codex; Gemini CLI\'s AfterAgent): when unread messages of high or critical priority, or',
    'asking for an ack, wait, the hook keeps the agent going with them ({"decision": "block", "reason": ...}) — once',
    'per message, and never when the agent already goes on because of a Stop hook (stop_hook_active); otherwise it',
    'prints nothing.',
  ].join('\n'),
  options: {
    agent: {
      type: 'string',
      help: `--agent A        the agent running the hook: ${agentKinds.join(', ')} (its hook JSON in and out;`
        + '\n                 with --format claude instead: told from the input)',
    },
    format: { type: 'string', help: '--format F       text (default) or claude (an agent\'s hook JSON in and out)' },
    event: {
      type: 'string',
      help: `--event NAME     ${handledEvents.join(', ')}`
        + '\n                 (default: from the hook input, else UserPromptSubmit)',
    },
    limit: { type: 'string', help: '--limit N        at most N messages per turn, most urgent first (default 10); the rest come next turn' },
    beat: { type: 'boolean', help: '--beat           also heartbeat when one is due (at most every half interval); renews your claims' },
    register: {
      type: 'boolean',
      help: '--register       at SessionStart, register a session for this agent session (or resume its own);'
        + '\n                 at SessionEnd, stop it',
    },
    name: {
      type: 'string',
      help: '--name N         with --register: the new session\'s name (default "<agent> <part of its session id>")',
    },
    role: { type: 'string', help: '--role R         with --register: the new session\'s role' },
  },
  needsTree: false,
  failSoft: true,
  run(input) {
    const { root, positionals, values } = input;
    rejectExtra(positionals, 0, usage);
    const format = stringValue(values, 'format') ?? 'text';
    if (format !== 'text' && format !== 'claude') {
      throw usageError(`--format ${JSON.stringify(format)} must be text or claude`);
    }
    const agentOption = stringValue(values, 'agent');
    if (agentOption !== undefined && !isAgentKind(agentOption)) {
      throw usageError(`--agent ${JSON.stringify(agentOption)} must be one of ${agentKinds.join(', ')}`);
    }
    const limit = intValue(values, 'limit', 1, 1000) ?? 10;
    const eventOption = stringValue(values, 'event');
    if (eventOption !== undefined && !handledEvents.includes(eventOption)) {
      throw usageError(`--event ${JSON.stringify(eventOption)} must be one of ${handledEvents.join(', ')}`);
    }
    const agentJson = format === 'claude' || agentOption !== undefined;
    const read: AgentHookRead = agentJson ? readAgentHookInput() : { input: {} };
    const event = eventOption ?? read.input.event ?? 'UserPromptSubmit';
    if (!handledEvents.includes(event)) {
      const handled = handledEvents.join(', ');
      const line = `coord hook: the hook input's event ${JSON.stringify(event)} is not one coord hook handles`
        + ` (${handled}); nothing done`;
      return silent({ skipped: `event ${event}` }, line);
    }
    // A hook configured for every repository runs in many without a tree or a session: that is not an error.
    if (!existsSync(new TreeLayout(root).dir)) return silent({ skipped: `no coordination tree in ${root}` });
    const kind = agentOption ?? detectAgentKind(read.input, input.env);
    return runEvent(openContext(root), input, { read, event, kind, limit, agentJson });
  },
};

/**
 * So the agent's MCP server, a child of the same agent process, acts as the agent session's coordination session.
 * Required here, at SessionStart only: it loads node:child_process, which would cost every hook run ~10 ms.
 */
function linkThisAgentProcess(ctx: CoordContext, agentSessionId: string): void {
  const { agentProcessAbove } = require('../../core/agents/agentProcess') as AgentProcessModule;
  const { linkAgentProcess } = require('../../core/agents/agentProcessLink') as AgentProcessLinkModule;
  linkAgentProcess(ctx, agentSessionId, agentProcessAbove());
}

interface HookRun {
  read: AgentHookRead;
  event: string;
  kind: AgentKind | undefined;
  limit: number;
  agentJson: boolean;
}

function runEvent(
  ctx: CoordContext, { session, values, env }: CommandInput, run: HookRun,
): CommandOutput | Promise<CommandOutput> {
  const { event, limit } = run;
  const agentSessionId = run.read.input.sessionId;
  const register = values.register === true;
  let acting = session || undefined;
  let greeting = '';
  if (acting && event === 'SessionStart' && run.agentJson) {
    const preset = findSession(ctx, acting);
    if (preset) greeting = sessionGreeting(acting, preset.name, 'preset', true);
    // The agent's MCP server may not see COORD_SESSION (Codex hands it a filtered environment): linked as a
    // registered session is, but marked as the person's, so SessionEnd leaves it alone.
    if (preset && register && agentSessionId) {
      linkSession(ctx, agentSessionId, { session: acting, registered: false });
      linkThisAgentProcess(ctx, agentSessionId);
    }
  }
  if (agentSessionId && !acting) {
    if (event === 'SessionEnd') {
      const ended = register ? endAgentSession(ctx, agentSessionId) : undefined;
      const output = silent(ended ? { ended: ended.session.id } : {});
      // As `coord stop` does: the released claims' refs go from the remote now, not at the next round.
      if (!ended?.released.length) return output;
      // Required where needed: the sync code is not loaded by a hook run that has nothing to publish.
      const { releasedOnAuthority } = require('../../core/operations/stopSession') as StopSessionModule;
      const { syncSettingsFrom } = require('../../core/sync/syncSettings') as SyncSettingsModule;
      return releasedOnAuthority(ctx, syncSettingsFrom(env), ended.released).then(() => output);
    }
    if (event === 'SessionStart' && register) {
      const role = stringValue(values, 'role');
      const name = stringValue(values, 'name') ?? agentSessionName(run.kind, agentSessionId);
      const started = startAgentSession(ctx, agentSessionId, { name, ...(role ? { role } : {}) });
      linkThisAgentProcess(ctx, agentSessionId);
      acting = started.session.id;
      const exported = exportSessionToClaude(env.CLAUDE_ENV_FILE, acting);
      greeting = sessionGreeting(acting, started.session.name, started.resumed ? 'resumed' : 'registered', exported);
    } else {
      acting = linkedSession(ctx, agentSessionId)?.session;
    }
  }
  const problem = run.read.problem ? `coord hook: ${run.read.problem}` : undefined;
  if (!acting) {
    const skipped = 'no session (COORD_SESSION is not set, and no session is linked to this agent session)';
    return silent({ skipped }, problem && `${problem}; nothing done`);
  }
  if (event === 'SessionEnd') return silent({ session: acting });
  const beat = values.beat === true ? beatIfDue(ctx, acting) : undefined;
  const beatJson = beat ? { beat: beat.beat, renewed: beat.renewed } : {};
  let output: CommandOutput;
  if (stopEvents.includes(event)) {
    const delivery = run.read.input.stopHookActive ? undefined : messagesAtStop(ctx, acting, limit);
    const reason = delivery ? stopReason(acting, delivery) : '';
    output = {
      json: {
        session: acting, messages: delivery?.messages ?? [], remaining: delivery?.remaining ?? 0, ...beatJson,
        ...(delivery ? { decision: 'block' } : {}),
      },
      text: reason && run.agentJson ? JSON.stringify({ decision: 'block', reason }) : reason,
    };
  } else {
    const delivery = deliverUnread(ctx, acting, limit);
    const text = [greeting, deliveryText(acting, delivery)].filter((t) => t).join('\n\n');
    output = {
      json: {
        session: acting, messages: delivery.messages, remaining: delivery.remaining, ...beatJson,
        ...(greeting ? { greeting } : {}),
      },
      text: run.agentJson && text ? claudeHookJson(event, text) : text,
    };
  }
  if (problem) output.stderr = problem;
  // A beat whose leases on the remote are past half their ttl publishes the renewals, so no loop is needed.
  if (!beat?.renewedClaims.length) return output;
  const { renewalsReached } = require('../../core/operations/heartbeatSession') as HeartbeatSessionModule;
  const { syncSettingsFrom } = require('../../core/sync/syncSettings') as SyncSettingsModule;
  return renewalsReached(ctx, syncSettingsFrom(env), beat.renewedClaims).then(() => output);
}
