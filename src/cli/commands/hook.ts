import { usageError } from '../../core/store/errors';
import { agentKinds, isAgentKind } from '../../core/agents/agentKind';
import { handledEvents } from '../../core/agents/agentHookEvents';
import type { AgentHookRead } from '../../core/agents/agentHookInput';
import { answerAgentHook } from '../../core/operations/agentHookEvent';
import type { AgentHookAnswer } from '../../core/operations/agentHookAnswer';
import { readAgentHookInput } from '../agentHookInput';
import { coordCommandHint } from '../coordCommandHint';
import { intValue, rejectExtra, stringValue } from '../args';
import type { Command, CommandOutput } from '../command';

/**
 * `coord hook`: reads the options and the agent's hook input, calls the operation once (core/operations/
 * agentHookEvent.ts, where the protocol and the agents' hook JSON are) and prints its answer as it is.
 */
const usage =
  'coord hook [--beat] [--agent claude|codex|gemini | --format text|claude] [--event NAME] [--limit N]' +
  ' [--register [--name N] [--role R]]';

export const hookCommand: Command = {
  name: 'hook',
  summary: "print this session's new messages compactly and mark them read (for an agent's turn hook)",
  usage,
  details: [
    "Made to run at an agent's turn boundary: prints nothing when there is nothing new, and always exits 0 —",
    'with no session (COORD_SESSION unset) or no tree it is silent; a session that is unknown or ended, hook input',
    "that is not the agent's JSON, or any other error, is one line on stderr.",
    "--agent claude|codex|gemini (or --format claude, which tells the agent from its input) reads the agent's hook",
    "JSON on stdin — the event (unless --event says) and the agent's session_id — and answers in the JSON the",
    'three agents take ({"hookSpecificOutput": {"hookEventName": EVENT, "additionalContext": ...}}).',
    "--beat also sends a heartbeat (keeping the last one's action and target, renewing your claims) when half an",
    'interval has passed since the last: the hook then keeps the agent alive without it having to think of it.',
    'With --register, a SessionStart registers a coordination session named after the agent ("codex 1a2b3c4d") for',
    'that agent session (or resumes the one linked to it) and tells the agent who it is (Claude Code: also exports',
    'COORD_SESSION to its shell through CLAUDE_ENV_FILE); later events act as the linked session; a SessionEnd stops',
    'it. COORD_SESSION, when set, wins (and SessionStart still tells the agent its id).',
    "Stop (Claude Code, Codex; Gemini CLI's AfterAgent): when unread messages of high or critical priority, or",
    'asking for an ack, wait, the hook keeps the agent going with them ({"decision": "block", "reason": ...}) — once',
    'per message, and never when the agent already goes on because of a Stop hook (stop_hook_active); otherwise it',
    'prints nothing.',
  ].join('\n'),
  options: {
    agent: {
      type: 'string',
      help:
        `--agent A        the agent running the hook: ${agentKinds.join(', ')} (its hook JSON in and out;` +
        '\n                 with --format claude instead: told from the input)',
    },
    format: { type: 'string', help: "--format F       text (default) or claude (an agent's hook JSON in and out)" },
    event: {
      type: 'string',
      help:
        `--event NAME     ${handledEvents.join(', ')}` +
        '\n                 (default: from the hook input, else UserPromptSubmit)',
    },
    limit: {
      type: 'string',
      help: '--limit N        at most N messages per turn, most urgent first (default 10); the rest come next turn',
    },
    beat: {
      type: 'boolean',
      help: '--beat           also heartbeat when one is due (at most every half interval); renews your claims',
    },
    register: {
      type: 'boolean',
      help:
        '--register       at SessionStart, register a session for this agent session (or resume its own);' +
        '\n                 at SessionEnd, stop it',
    },
    name: {
      type: 'string',
      help: '--name N         with --register: the new session\'s name (default "<agent> <part of its session id>")',
    },
    role: { type: 'string', help: "--role R         with --register: the new session's role" },
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
    const name = stringValue(values, 'name');
    const role = stringValue(values, 'role');
    const command = coordCommandHint();
    const answer = answerAgentHook(root, {
      ...(eventOption !== undefined ? { event: eventOption } : {}),
      read,
      agentJson,
      ...(agentOption !== undefined ? { agent: agentOption } : {}),
      ...(input.session ? { session: input.session } : {}),
      limit,
      beat: values.beat === true,
      ...(values.register === true ? { register: { ...(name ? { name } : {}), ...(role ? { role } : {}) } } : {}),
      ...(command ? { command } : {}),
      env: input.env,
    });
    return answer instanceof Promise ? answer.then(hookOutput) : hookOutput(answer);
  },
};

function hookOutput(answer: AgentHookAnswer): CommandOutput {
  return { json: answer.report, text: answer.stdout, ...(answer.notice ? { stderr: answer.notice } : {}) };
}
