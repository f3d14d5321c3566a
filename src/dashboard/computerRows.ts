import type { ComputerView } from '../core/views/computers';
import type { ComputerRow } from './protocol';

/** The page's rows for the computers: times as milliseconds, ages left to the page, which ticks them. */
export function computerRows(views: readonly ComputerView[]): ComputerRow[] {
  return views.map((c): ComputerRow => {
    const round = c.sync?.lastRound;
    return {
      host: c.host,
      self: c.self,
      state: c.state,
      ...(c.newsAt ? { newsAt: Date.parse(c.newsAt) } : {}),
      writers: c.writers,
      live: c.live,
      working: c.working,
      sessions: c.sessions.map((s) => ({ id: s.id, name: s.name, state: s.state, working: s.working })),
      ...(c.sync
        ? {
            sync: {
              syncing: c.sync.syncing,
              neverSynced: c.sync.neverSynced,
              ...(round ? { outcome: round.outcome, finishedAt: Date.parse(round.finishedAt) } : {}),
              ...(round ? { ahead: round.ahead, behind: round.behind } : {}),
              ...(c.sync.lastError ? { error: c.sync.lastError } : {}),
            },
          }
        : {}),
    };
  });
}
