import { cleanText } from '../store/cleanText';
import { deliveryText } from '../messages/deliveryText';
import type { Delivery } from '../messages/turnDelivery';

/** How the agent's session came to be: registered now, resumed (same agent session), or given by COORD_SESSION. */
export type SessionOrigin = 'registered' | 'resumed' | 'preset';

/**
 * What an agent hears at SessionStart: who it is, how its commands act as it, and the one rule. `command` is how
 * the agent's shell runs this very coord when `coord` may not be on its PATH (the front end knows; undefined if not).
 */
export function sessionGreeting(
  id: string,
  name: string,
  origin: SessionOrigin,
  exported: boolean,
  command: string | undefined,
): string {
  const still = origin === 'resumed' ? 'still ' : '';
  const given = origin === 'preset' ? ' (given by COORD_SESSION)' : '';
  return [
    `[coord] You are ${still}coordination session ${id} (${cleanText(name)}) in this repository${given},` +
      ' beside other sessions working in parallel.',
    exported
      ? 'Your shell commands act as it (COORD_SESSION is set).'
      : `Pass --session ${id} to every coord command (COORD_SESSION is not set in your shell).`,
    'The coordination MCP tools act as it too.',
    "Before you edit files, claim them: coord claim path '<glob>' --reason '<what you do>'." +
      ' Exit 1 means another session holds them:' +
      ' message it (coord send <holder> <subject> <body>) or pick other work.',
    'Release what you finish (coord release path <glob>). Messages from other sessions arrive here at each turn.',
    ...(command ? [`If \`coord\` is not found in your shell, run it as: ${command}`] : []),
  ].join(' ');
}

/** Why a Stop hook keeps the agent going: the messages, marked as other sessions' words, and what to do. */
export function stopReason(sessionId: string, delivery: Delivery): string {
  return [
    deliveryText(sessionId, delivery),
    'Before you stop: messages above are urgent or ask for an answer. Act on them or reply (coord send), then finish.',
  ].join('\n\n');
}
