import { releaseClaim, takeClaim } from '../claims/claims';
import type { CoordContext } from '../records/context';
import { heartbeat, stopSession } from '../claims/sessionLifecycle';
import { sendMessage } from '../messages/messages';
import type { Priority } from '../records/message';
import { startSession } from '../sessions/sessions';
import { addWork, claimNextWork, completeWork, listWork } from '../work/work';

const names = [
  'ada',
  'grace',
  'linus',
  'margaret',
  'barbara',
  'ken',
  'dennis',
  'frances',
  'edsger',
  'donald',
  'radia',
  'alan',
];
const roles = ['backend', 'frontend', 'tests', 'docs', 'review', 'infra'];
const targets = [
  'src/auth/login.ts',
  'src/api/routes.ts',
  'src/ui/Header.tsx',
  'test/auth.test.ts',
  'docs/setup.md',
  'src/db/schema.sql',
  'src/core/cache.ts',
];
const actions = ['editing', 'reading', 'testing', 'reviewing', 'refactoring'];
const phases = ['design', 'implement', 'test', 'review'];
const modules = ['auth', 'api', 'ui', 'db', 'cache', 'docs'];
const seedWork = [
  ['Fix login redirect loop', 90],
  ['Add rate limiting to the API', 70],
  ['Write setup guide', 40],
  ['Cache user sessions', 60],
  ['Migrate schema to v2', 80],
  ['Header a11y audit', 50],
  ['Flaky auth test', 75],
  ['Document the release process', 30],
] as const;

export interface SimulatedEvent {
  agent: string;
  text: string;
}

/**
 * Simulated agent sessions that register, claim, beat and message through the real core — a live demo for the
 * editor and a load generator. Randomness is injectable so a test can replay a run.
 */
export class Simulation {
  readonly agents: string[] = [];
  private readonly progress = new Map<string, number>();

  constructor(
    private readonly ctx: CoordContext,
    private readonly random: () => number = Math.random,
  ) {}

  start(count: number): SimulatedEvent[] {
    const events: SimulatedEvent[] = [];
    if (listWork(this.ctx).length === 0) {
      for (const [title, priority] of seedWork) addWork(this.ctx, title, { priority });
      events.push({ agent: '-', text: `added ${seedWork.length} work items` });
    }
    for (let i = 0; i < count; i++) {
      const session = startSession(this.ctx, {
        name: names[i % names.length] ?? `agent-${i}`,
        role: this.pick(roles),
        kind: 'agent',
      });
      this.agents.push(session.id);
      this.progress.set(session.id, 0);
      events.push({ agent: session.id, text: `registered (${session.role})` });
    }
    return events;
  }

  /** One action for every agent. Refusals (a held claim) are part of the demo, not failures. */
  step(): SimulatedEvent[] {
    return this.agents.map((agent) => {
      try {
        return { agent, text: this.act(agent) };
      } catch (error) {
        return { agent, text: `refused: ${error instanceof Error ? error.message : String(error)}` };
      }
    });
  }

  private act(agent: string): string {
    const roll = this.random();
    if (roll < 0.5) {
      const progress = Math.min(100, (this.progress.get(agent) ?? 0) + Math.floor(this.random() * 15));
      this.progress.set(agent, progress);
      const beat = { action: this.pick(actions), target: this.pick(targets), phase: this.pick(phases), progress };
      heartbeat(this.ctx, agent, beat);
      return `heartbeat ${beat.action} ${beat.target} ${beat.phase} ${progress}%`;
    }
    if (roll < 0.62) {
      const view = claimNextWork(this.ctx, agent);
      return view ? `claimed work/${view.item.id}` : 'no ready work';
    }
    if (roll < 0.72) {
      const module = this.pick(modules);
      const result = takeClaim(this.ctx, agent, 'module', module, { ttlSeconds: 600, reason: `working on ${module}` });
      return `${result.outcome} module/${module}`;
    }
    if (roll < 0.8) {
      const mine = listWork(this.ctx).filter((w) => w.holder === agent);
      const done = mine[0];
      if (done) {
        completeWork(this.ctx, agent, done.item.id);
        this.progress.set(agent, 0);
        return `done work/${done.item.id}`;
      }
      const module = modules.find((m) => {
        try {
          releaseClaim(this.ctx, agent, 'module', m);
          return true;
        } catch {
          return false;
        }
      });
      return module ? `released module/${module}` : 'nothing to release';
    }
    const others = this.agents.filter((a) => a !== agent);
    const to = this.random() < 0.3 || others.length === 0 ? 'broadcast' : this.pick(others);
    const priority: Priority = this.random() < 0.15 ? 'high' : 'normal';
    const subject = this.pick(['Heads up', 'Question', 'Done with my part', 'Need a review', 'Conflict?']);
    const message = sendMessage(
      this.ctx,
      agent,
      to,
      `${subject}: ${this.pick(modules)}`,
      `Simulated message from ${agent} about ${this.pick(targets)}.`,
      { priority },
    );
    return `sent ${message.id} to ${to}`;
  }

  stop(): SimulatedEvent[] {
    return this.agents.map((agent) => {
      try {
        stopSession(this.ctx, agent);
        return { agent, text: 'stopped' };
      } catch (error) {
        return { agent, text: `stop failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    });
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }
}
