import { existsSync } from 'node:fs';
import { openContext, type CoordContext } from '../records/context';
import { TreeLayout } from '../store/layout';
import { linkedSession } from '../agents/agentSessions';
import { detectAgentKind, type AgentKind } from '../agents/agentKind';
import type { AgentHookRead } from '../agents/agentHookInput';
import { defaultHookEvent, handledEvents, stopEvents } from '../agents/agentHookEvents';
import { silentAnswer, type AgentHookAnswer } from './agentHookAnswer';
import { beatAgentSession } from './agentBeat';
import { greetPresetSession, registerHookSession, type HookSessionStarted } from './agentHookSessionStart';
import { endHookSession } from './agentHookSessionEnd';
import { answerHookTurn } from './agentHookTurn';
import { answerHookStop } from './agentHookStop';
import { renewalsPublisherOnDemand, syncSettingsOnDemand } from './syncOnDemand';

/**
 * One run of an agent's hook (`coord hook`), from the event to what the agent is told: SessionStart registers or
 * resumes the agent session's coordination session (or greets COORD_SESSION's) and links the agent's process; a
 * turn or tool call beats when due and hands over new messages; Stop keeps the agent going once per urgent
 * message; SessionEnd stops what SessionStart registered. The front end reads the options and the agent's input,
 * calls this once and prints the answer; the agents' hook JSON is built here (agents/agentHookJson.ts says why).
 *
 * The modules loaded by a beat after a tool call are imported here; everything a beat rarely needs (the agent's
 * process, sync) is required where used, so the bundle initialises it only then — keep it so: `npm run bench --
 * --only hook` holds the common run to 1.3 × `node -e ''`.
 */
export interface AgentHookRequest {
  /** The event from the options (`--event`); else the input's, else UserPromptSubmit. */
  event?: string;
  /** The agent's hook input as read; `{ input: {} }` when no JSON was asked for. */
  read: AgentHookRead;
  /** Answer in the agents' hook JSON rather than plain text. */
  agentJson: boolean;
  /** The agent that runs the hook, when the options say; else told from the input and environment. */
  agent?: AgentKind;
  /** The acting session the person gave (COORD_SESSION or --session); it wins over any link. */
  session?: string;
  /** At most this many messages per turn, most urgent first. */
  limit: number;
  /** Also heartbeat when one is due. */
  beat: boolean;
  /** At SessionStart, register a session for the agent session (or resume its own); at SessionEnd, stop it. */
  register?: { name?: string; role?: string };
  /** How the agent's shell runs this coord when `coord` may not be on its PATH. */
  command?: string;
  /** The process environment: the agent's variables, CLAUDE_ENV_FILE, COORD_SYNC_*. */
  env: Record<string, string | undefined>;
}

/** Answers one hook run in the repository at `root`; silent where there is no tree (a hook set for every repo). */
export function answerAgentHook(root: string, request: AgentHookRequest): AgentHookAnswer | Promise<AgentHookAnswer> {
  const event = request.event ?? request.read.input.event ?? defaultHookEvent;
  if (!handledEvents.includes(event)) {
    const handled = handledEvents.join(', ');
    const line =
      `coord hook: the hook input's event ${JSON.stringify(event)} is not one coord hook handles` +
      ` (${handled}); nothing done`;
    return silentAnswer({ skipped: `event ${event}` }, line);
  }
  // A hook configured for every repository runs in many without a tree or a session: that is not an error.
  if (!existsSync(new TreeLayout(root).dir)) return silentAnswer({ skipped: `no coordination tree in ${root}` });
  return answerAgentHookIn(openContext(root), { ...request, event });
}

/** As answerAgentHook, in an open tree, for an event it handles. */
export function answerAgentHookIn(
  ctx: CoordContext,
  request: AgentHookRequest & { event: string },
): AgentHookAnswer | Promise<AgentHookAnswer> {
  const { event, read, env } = request;
  const agentSessionId = read.input.sessionId;
  const settings = syncSettingsOnDemand(env);
  let acting = request.session || undefined;
  let started: HookSessionStarted | undefined;
  if (acting && event === 'SessionStart' && request.agentJson) {
    started = greetPresetSession(ctx, acting, agentSessionId, request.register !== undefined, request.command);
  }
  if (agentSessionId && !acting) {
    if (event === 'SessionEnd') {
      const ended = request.register ? endHookSession(ctx, agentSessionId, settings) : {};
      const answer = silentAnswer(ended.ended ? { ended: ended.ended } : {});
      return ended.publish ? ended.publish().then(() => answer) : answer;
    }
    if (event === 'SessionStart' && request.register) {
      started = registerHookSession(ctx, agentSessionId, {
        ...request.register,
        kind: request.agent ?? detectAgentKind(read.input, env),
        ...(env.CLAUDE_ENV_FILE ? { claudeEnvFile: env.CLAUDE_ENV_FILE } : {}),
        command: request.command,
      });
      acting = started.session;
    } else {
      acting = linkedSession(ctx, agentSessionId)?.session;
    }
  }
  const problem = read.problem ? `coord hook: ${read.problem}` : undefined;
  if (!acting) {
    const skipped = 'no session (COORD_SESSION is not set, and no session is linked to this agent session)';
    return silentAnswer({ skipped }, problem && `${problem}; nothing done`);
  }
  if (event === 'SessionEnd') return silentAnswer({ session: acting });
  const beat = request.beat ? beatAgentSession(ctx, acting, renewalsPublisherOnDemand(ctx, settings)) : undefined;
  const { limit, agentJson } = request;
  const answer = stopEvents.includes(event)
    ? answerHookStop(ctx, acting, { limit, agentJson, stopHookActive: read.input.stopHookActive === true })
    : answerHookTurn(ctx, acting, { event, limit, agentJson, greeting: started?.greeting ?? '' });
  if (beat) answer.report = { ...answer.report, beat: beat.beat, renewed: beat.renewed };
  if (problem) answer.notice = problem;
  return beat?.publish ? beat.publish().then(() => answer) : answer;
}
