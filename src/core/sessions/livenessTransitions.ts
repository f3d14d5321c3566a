import type { Liveness } from './liveness';
import type { SessionView } from './sessions';

export interface LivenessTransition {
  session: string;
  from: Liveness;
  to: Liveness;
  /** The session's last heartbeat, which is what moved it. */
  heartbeatAt: string;
}

/**
 * Liveness is derived, never stored, so a change (active → stale → gone, or → ended) can only be seen by
 * comparing with what an earlier round saw. `previous` is that round's states (undefined on the very first round:
 * no transitions, only a baseline). Sessions seen for the first time, or whose file vanished, are not transitions.
 */
export function livenessTransitions(
  previous: Readonly<Record<string, Liveness>> | undefined,
  sessions: readonly SessionView[],
): { transitions: LivenessTransition[]; states: Record<string, Liveness> } {
  const states: Record<string, Liveness> = {};
  const transitions: LivenessTransition[] = [];
  for (const view of sessions) {
    const id = view.session.id;
    states[id] = view.state;
    const before = previous?.[id];
    if (before !== undefined && before !== view.state)
      transitions.push({ session: id, from: before, to: view.state, heartbeatAt: view.session.heartbeatAt });
  }
  return { transitions: transitions.sort((a, b) => a.session.localeCompare(b.session)), states };
}
