import type { CoordContext } from '../records/context';
import { messagesAtStop } from '../agents/stopMessages';
import { stopReason } from '../agents/agentHookText';
import { keepGoingHookJson } from '../agents/agentHookJson';
import type { AgentHookAnswer } from './agentHookAnswer';

/**
 * The agent is about to go idle: when unread messages of high or critical priority, or asking for an ack, wait,
 * it is kept going with them — once per message, and never when a Stop hook already keeps it going
 * (`stopHookActive`: a Stop hook that always blocks would loop); otherwise it may stop, and hears nothing.
 */
export function answerHookStop(
  ctx: CoordContext,
  session: string,
  stop: { limit: number; stopHookActive: boolean; agentJson: boolean },
): AgentHookAnswer {
  const delivery = stop.stopHookActive ? undefined : messagesAtStop(ctx, session, stop.limit);
  const reason = delivery ? stopReason(session, delivery) : '';
  return {
    report: {
      session,
      messages: delivery?.messages ?? [],
      remaining: delivery?.remaining ?? 0,
      ...(delivery ? { decision: 'block' } : {}),
    },
    stdout: reason && stop.agentJson ? keepGoingHookJson(reason) : reason,
  };
}
