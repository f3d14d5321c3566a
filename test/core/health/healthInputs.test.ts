import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openContext } from '../../../src/core/records/context';
import { readHealthInputs, scanHealthInputs } from '../../../src/core/health/healthInputs';
import { checkServices } from '../../../src/core/health/serviceChecks';
import { startTestServer } from '../../helpers/httpServers';
import { loadTreeGenerator } from '../../helpers/scriptsLib';
import { makeTempDir } from '../../helpers/tempTree';

describe('health inputs', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir('coord-inputs-')));
  afterEach(() => cleanup());

  it('the yielding scan reads exactly what the listings read, bad files included', async () => {
    const { generateTree } = await loadTreeGenerator();
    generateTree(dir, { sessions: 60, claims: 200, messages: 10, workItems: 30, focusMessages: 0, seed: 4 });
    const tree = join(dir, 'docs', 'coordination');
    writeFileSync(join(tree, 'sessions', 'broken.json'), '{');
    writeFileSync(join(tree, 'sessions', 'Not A Slug.json'), '{}');
    mkdirSync(join(tree, 'claims', 'x'), { recursive: true });
    writeFileSync(
      join(tree, 'claims', 'x', 'misplaced.json'),
      JSON.stringify({
        object: 'claim',
        version: 1,
        type: 'y',
        name: 'z',
        holder: 'a',
        acquiredAt: '2026-01-01T00:00:00.000Z',
        renewedAt: '2026-01-01T00:00:00.000Z',
        ttl: 60,
        transitions: 0,
      }),
    );
    const ctx = openContext(dir);
    const sync = readHealthInputs(ctx);
    const scanned = await scanHealthInputs(ctx);
    const view = (i: typeof sync) => ({
      sessions: i.sessions.map((s) => [s.session.id, s.state]).sort(),
      claims: i.claims.map((c) => [c.path, c.free, c.holderState]).sort(),
      work: i.work.map((w) => [w.item.id, w.state]).sort(),
      diagnostics: i.diagnostics.map((d) => d.path).sort(),
    });
    assert.deepEqual(view(scanned), view(sync));
    assert.ok(scanned.diagnostics.length >= 3);
  });

  it('service checks started before the scan keep true response times: a fast service stays online', async function () {
    this.timeout(120_000);
    const { generateTree } = await loadTreeGenerator();
    generateTree(dir, { sessions: 500, claims: 2500, messages: 10, workItems: 50, focusMessages: 0, seed: 5 });
    const server = await startTestServer();
    try {
      const checking = checkServices(
        Array.from({ length: 5 }, (_, i) => ({ name: `s${i}`, url: `${server.base}/ok` })),
      );
      const started = performance.now();
      await scanHealthInputs(openContext(dir));
      const scanMs = performance.now() - started;
      const checks = await checking;
      assert.deepEqual(
        checks.map((c) => c.state),
        ['online', 'online', 'online', 'online', 'online'],
      );
      // Were the scan to hold the event loop, no response could be timed shorter than the scan took.
      // Compared with the scan rather than a fixed number of milliseconds, so a loaded machine cannot fail it.
      assert.ok(
        Math.min(...checks.map((c) => c.responseMs!)) < scanMs,
        `scan took ${Math.round(scanMs)} ms; response times ${checks.map((x) => x.responseMs).join(', ')} ms`,
      );
    } finally {
      await server.close();
    }
  });
});
