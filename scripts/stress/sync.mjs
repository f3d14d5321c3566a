// The sync figures for `npm run stress`, the full-size runs of test/cli/syncRace and test/cli/syncDelivery:
//   1. 8 clones (computers) race for one claim through a bare remote, `raceRounds` times: every round exactly one
//      confirmed, every other clone told it lost (exit 1 naming the winner) and holding nothing;
//   2. 30 sessions over 4 clones send 50 messages each while the clones sync in random order; half-way the remote
//      becomes unreachable and later returns: 1,500 delivered, 0 lost, 0 duplicated;
//   3. `scaleComputers` clones sync `scaleRounds` rounds one at a time, then all at once, then once more: 0 failed
//      rounds, 0 refused publishes (each computer pushes only its own tree ref), every computer holding every
//      session and message.
//
// scripts/stress.mjs calls `syncStress` with its `figure` and `log`. Standalone: node scripts/stress/sync.mjs
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { makeRng } from '../lib/generateTree.mjs';
import { claimRace, createWorld, deliveryScenario } from '../lib/syncWorld.mjs';
import { syncAtScale } from '../lib/syncScale.mjs';

export async function syncStress({ figure, log, raceRounds = 100, clones = 8, sessions = 30, messages = 50, seed = 1, keep = false, scaleComputers = 20, scaleRounds = 5 }) {
  if (scaleComputers > 0 && scaleRounds > 0) {
    const started = performance.now();
    const r = await syncAtScale({ computers: scaleComputers, rounds: scaleRounds, log, keep });
    for (const failure of r.failedRounds.slice(0, 5)) log(`sync at scale: a round failed: ${failure}`);
    const seconds = (performance.now() - started) / 1000;
    figure(
      `${scaleComputers} computers syncing at once × ${scaleRounds} rounds (and ${scaleRounds} one at a time)`,
      `${r.failedRounds.length} failed rounds, ${r.refusedPublishes} refused publishes, ${r.missing} computers missing news after one more round`,
      '0 failed, 0 refused, 0 missing',
      r.failedRounds.length === 0 && r.refusedPublishes === 0 && r.missing === 0,
      `${seconds.toFixed(0)} s; ${r.sent} messages; CPU per round ${r.together.cpuPerRound.toFixed(2)} s at once vs ${r.alone.cpuPerRound.toFixed(2)} s alone`,
    );
  }
  if (raceRounds > 0) {
    const started = performance.now();
    const world = createWorld({ clones, prefix: 'coord-stress-race-' });
    try {
      const racers = world.clones.map((c, i) => world.startSession(c, `racer${i}`));
      let clean = 0;
      const violations = [];
      for (let round = 0; round < raceRounds; round++) {
        const judged = await claimRace(world, racers, 'race', `r${round}`);
        if (judged.violations.length === 0 && judged.confirmed === 1) clean++;
        else violations.push(`round ${round}: ${judged.violations.join('; ')}`);
        if ((round + 1) % 10 === 0) log(`sync race: ${round + 1} of ${raceRounds} rounds`);
      }
      for (const v of violations.slice(0, 10)) log(v);
      const seconds = (performance.now() - started) / 1000;
      figure(`${clones} clones race one claim through a remote × ${raceRounds} rounds`, `${clean} of ${raceRounds} rounds with exactly one confirmed`, `${raceRounds} of ${raceRounds}`, clean === raceRounds, `${seconds.toFixed(0)} s`);
    } finally {
      if (!keep) world.cleanup();
    }
  }
  if (messages > 0) {
    const started = performance.now();
    const world = createWorld({ clones: 4, prefix: 'coord-stress-delivery-' });
    try {
      const result = await deliveryScenario(world, {
        sessionCount: sessions, perSession: messages, rng: makeRng(seed), concurrency: 8,
        onProgress: (done, total) => {
          if (done % 200 < 8) log(`sync delivery: ${done} of ${total} messages sent`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const total = sessions * messages;
      figure(
        `${sessions} sessions × ${messages} messages over 4 clones, remote away half-way`,
        `${result.delivered} delivered, ${result.lost} lost, ${result.duplicated} duplicated`,
        `${total} delivered, 0 lost, 0 duplicated`,
        result.sent === total && result.delivered === total && result.lost === 0 && result.duplicated === 0 && result.missingElsewhere === 0 && result.outages === 1,
        `${seconds.toFixed(0)} s; every clone holds every message: ${result.missingElsewhere === 0 ? 'yes' : `${result.missingElsewhere} missing`}`,
      );
    } finally {
      if (!keep) world.cleanup();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '100' }, messages: { type: 'string', default: '50' }, sessions: { type: 'string', default: '30' }, seed: { type: 'string', default: '1' } } });
  const rows = [];
  await syncStress({
    figure: (label, measured, target, pass, note = '') => rows.push({ label, measured, target, pass, note }),
    log: (text) => process.stderr.write(`stress: ${text}\n`),
    raceRounds: Number(values.rounds), messages: Number(values.messages), sessions: Number(values.sessions), seed: Number(values.seed),
  });
  for (const r of rows) console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.label}: ${r.measured} (target ${r.target}) ${r.note}`);
  process.exit(rows.every((r) => r.pass) ? 0 : 1);
}
