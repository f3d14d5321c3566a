import type { CoordContext } from '../records/context';
import { deliveryText } from '../messages/deliveryText';
import { deliverUnread } from '../messages/turnDelivery';
import { contextHookJson } from '../agents/agentHookJson';
import type { AgentHookAnswer } from './agentHookAnswer';

/**
 * A turn boundary whose words reach the model (SessionStart, a prompt, after a tool call): the session's unread
 * messages, most urgent first and at most `limit`, handed over and marked read, after the greeting if there is one.
 */
export function answerHookTurn(
  ctx: CoordContext,
  session: string,
  turn: { event: string; limit: number; greeting: string; agentJson: boolean },
): AgentHookAnswer {
  const delivery = deliverUnread(ctx, session, turn.limit);
  const text = [turn.greeting, deliveryText(session, delivery)].filter((t) => t).join('\n\n');
  return {
    report: {
      session,
      messages: delivery.messages,
      remaining: delivery.remaining,
      ...(turn.greeting ? { greeting: turn.greeting } : {}),
    },
    stdout: turn.agentJson && text ? contextHookJson(turn.event, text) : text,
  };
}
