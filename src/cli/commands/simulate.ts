import { parseDuration } from '../../core/store/duration';
import { Simulation, type SimulatedEvent } from '../../core/operations/simulation';
import { intValue, rejectExtra, stringValue } from '../args';
import type { Command } from '../command';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run simulated agent sessions (a live demo, or load)',
  usage: 'coord simulate [--agents 4] [--interval 3s] [--steps N] [--keep]',
  details: 'Agents register, claim work, send heartbeats and messages until Ctrl+C (or --steps), then stop.',
  options: {
    agents: { type: 'string', help: '--agents N       how many simulated sessions (default 4)' },
    interval: { type: 'string', help: '--interval D     time between rounds (default 3s)' },
    steps: { type: 'string', help: '--steps N        stop after N rounds (default: run until interrupted)' },
    keep: { type: 'boolean', help: '--keep           leave the sessions registered when it ends' },
  },
  run({ ctx, positionals, values }) {
    rejectExtra(positionals, 0, 'coord simulate');
    const agents = intValue(values, 'agents', 1, 500) ?? 4;
    const steps = intValue(values, 'steps', 1, 1_000_000);
    const intervalText = stringValue(values, 'interval');
    const intervalMs = intervalText ? parseDuration(intervalText, '--interval') * 1000 : 3000;
    const simulation = new Simulation(ctx);
    const json = values.json === true;
    const print = (events: SimulatedEvent[]) => {
      if (!json)
        for (const e of events)
          process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${e.agent}  ${e.text}\n`);
    };
    print(simulation.start(agents));
    let rounds = 0;
    return new Promise((resolve) => {
      let finishing = false;
      const finish = () => {
        // Ctrl+C reaches the whole process group, and `npm start` passes its own SIGINT on: the second must not
        // find the default handler back (it would end the process halfway through stopping the sessions, or
        // before its last line), so the listeners stay — they do not keep the process alive.
        if (finishing) return;
        finishing = true;
        clearInterval(timer);
        if (values.keep !== true) print(simulation.stop());
        resolve({
          json: { agents: simulation.agents, rounds },
          text: `Simulated ${simulation.agents.length} agent(s) for ${rounds} round(s)`,
        });
      };
      const timer = setInterval(() => {
        rounds++;
        print(simulation.step());
        if (steps !== undefined && rounds >= steps) finish();
      }, intervalMs);
      process.on('SIGINT', finish);
      process.on('SIGTERM', finish);
    });
  },
};
