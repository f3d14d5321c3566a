import { basename } from 'node:path';
import { cleanText } from '../core/store/cleanText';
import { deliveryText } from '../core/messages/deliveryText';
import type { Delivery } from '../core/messages/turnDelivery';

/** How the agent's session came to be: registered now, resumed (same agent session), or given by COORD_SESSION. */
export type SessionOrigin = 'registered' | 'resumed' | 'preset';

/**
 * This very coord as a shell command, when it was not run as `coord`: an agent whose shell has no `coord` on its
 * PATH (Codex runs a login shell, which resets PATH) is told what to run instead.
 */
export function coordCommandHint(argv: string[] = process.argv, execPath = process.execPath): string | undefined {
  const script = argv[1];
  if (!script || basename(script) === 'coord') return undefined;
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `${quote(execPath)} ${quote(script)}`;
}

/** What an agent hears at SessionStart: who it is, how its commands act as it, and the one rule. */
export function sessionGreeting(
  id: string, name: string, origin: SessionOrigin, exported: boolean, command = coordCommandHint(),
): string {
  const still = origin === 'resumed' ? 'still ' : '';
  const given = origin === 'preset' ? ' (given by COORD_SESSION)' : '';
  return [
    `[coord] You are ${still}coordination session ${id} (${cleanText(name)}) in this repository${given},`
      + ' beside other sessions working in parallel.',
    exported
      ? 'Your shell commands act as it (COORD_SESSION is set).'
      : `Pass --session ${id} to every coord command (COORD_SESSION is not set in your shell).`,
    'The coordination MCP tools act as it too.',
    "Before you edit files, claim them: coord claim path '<glob>' --reason '<what you do>'."
      + ' Exit 1 means another session holds them:'
      + ' message it (coord send <holder> <subject> <body>) or pick other work.',
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
