import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/** The sessions of the tree at `root`, as their files say. */
function sessions(root: string): Array<{ id: string; endedAt?: string }> {
  const dir = join(root, 'docs', 'coordination', 'sessions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

/**
 * `coord simulate` is what `npm start` runs: Ctrl+C reaches the whole process group and `npm start` passes a
 * SIGINT of its own on, so the simulation gets two at once — and must still end every session it started (the
 * second signal once found the default handler back and killed it halfway, leaving live-looking agents behind).
 */
describe('coord simulate, stopped as npm start stops it', () => {
  it('two SIGINTs milliseconds apart: every simulated session is ended (20 runs)', async function () {
    this.timeout(120_000);
    for (let run = 0; run < 20; run++) {
      const tmp = makeTempDir('coord-simulate-');
      try {
        assert.equal(spawnSync(process.execPath, [cliPath, 'init', '--root', tmp.dir]).status, 0);
        const args = [cliPath, 'simulate', '--root', tmp.dir, '--agents', '4', '--interval', '1s'];
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.stdout.resume();
        const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
          child.on('exit', (code, signal) => resolve(code ?? signal)),
        );
        const deadline = Date.now() + 20_000;
        while (sessions(tmp.dir).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 150 + (run % 5) * 40));
        child.kill('SIGINT');
        // The second as npm start's own comes: a few milliseconds later, while the first is being handled.
        await new Promise((r) => setTimeout(r, run % 10));
        child.kill('SIGINT');
        // Exit 0 — or the duplicate signal itself when it lands as Node tears the finished process down.
        assert.ok(['SIGINT', 0].includes((await exited) as never), `run ${run}: exit; ${stderr}`);
        const left = sessions(tmp.dir).filter((s) => !s.endedAt);
        assert.deepEqual(left, [], `run ${run}: sessions left live`);
        assert.equal(sessions(tmp.dir).length, 4);
      } finally {
        tmp.cleanup();
      }
    }
  });
});
