import { hostname } from 'node:os';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutateClaimFile, pause, staleLockMs } from '../../../src/core/store/fileMutation';
import { makeTempDir } from '../../helpers/tempTree';

describe('claimMutation', () => {
  let dir: string;
  let cleanup: () => void;
  let path: string;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    path = join(dir, '42.json');
    writeFileSync(path, 'state-a');
  });
  afterEach(() => cleanup());

  it('replaces the file when it still holds the observed bytes', () => {
    assert.equal(mutateClaimFile(path, 'state-a', 'state-b'), 'done');
    assert.equal(readFileSync(path, 'utf8'), 'state-b');
  });

  it('deletes the file when the next state is null', () => {
    assert.equal(mutateClaimFile(path, 'state-a', null), 'done');
    assert.equal(existsSync(path), false);
  });

  it('changes nothing when the file moved on since it was observed', () => {
    assert.equal(mutateClaimFile(path, 'state-old', 'state-b'), 'changed');
    assert.equal(readFileSync(path, 'utf8'), 'state-a');
    assert.equal(mutateClaimFile(path, 'state-old', null), 'changed');
    assert.equal(readFileSync(path, 'utf8'), 'state-a');
  });

  it('reports a file that disappeared as changed', () => {
    assert.equal(mutateClaimFile(join(dir, 'gone.json'), 'state-a', 'state-b'), 'changed');
    assert.equal(existsSync(join(dir, 'gone.json')), false);
  });

  it('leaves no lock or temporary file behind', () => {
    mutateClaimFile(path, 'state-a', 'state-b');
    mutateClaimFile(path, 'state-x', 'state-c');
    mutateClaimFile(path, 'state-b', null);
    assert.deepEqual(readdirSync(dir), []);
  });

  describe('the per-state lock', () => {
    // The lock's name is derived from the observed bytes; a watcher learns it from a harmless mutation (a → a).
    async function lockNameFor(observed: string): Promise<string> {
      const seen: string[] = [];
      const watcher = watch(dir, (_event, name) => {
        if (name) seen.push(name.toString());
      });
      try {
        assert.equal(mutateClaimFile(path, observed, observed), 'done');
        for (let waited = 0; waited < 2000 && !seen.some((n) => n.endsWith('.lock')); waited += 10)
          await new Promise((r) => setTimeout(r, 10));
      } finally {
        watcher.close();
      }
      const lock = seen.find((n) => n.endsWith('.0.lock'));
      assert.ok(lock, `no lock file seen among ${JSON.stringify(seen)}`);
      assert.ok(lock.startsWith('.42.json.'), lock);
      return lock;
    }

    it('makes a second mutator of the same state back off while the first holds it', async () => {
      const lock = join(dir, await lockNameFor('state-a'));
      writeFileSync(lock, '12345\n');
      assert.equal(mutateClaimFile(path, 'state-a', 'state-b'), 'busy');
      assert.equal(readFileSync(path, 'utf8'), 'state-a');
      assert.equal(existsSync(lock), true, 'a live lock of another process is not removed');
    });

    it('takes over at once a fresh lock whose holder on this computer no longer exists', async () => {
      const lock = join(dir, await lockNameFor('state-a'));
      // pid 4,194,999 is above Linux's pid_max default: no such process.
      writeFileSync(lock, `4194999 ${hostname()}\n`);
      assert.equal(mutateClaimFile(path, 'state-a', 'state-b'), 'done');
      assert.equal(readFileSync(path, 'utf8'), 'state-b');
    });

    it('waits for a fresh lock whose holder on this computer is alive, or is on another computer', async () => {
      const lock = join(dir, await lockNameFor('state-a'));
      writeFileSync(lock, `${process.ppid} ${hostname()}\n`);
      assert.equal(mutateClaimFile(path, 'state-a', 'state-b'), 'busy');
      writeFileSync(lock, `4194999 some-other-host\n`);
      assert.equal(mutateClaimFile(path, 'state-a', 'state-b'), 'busy');
      assert.equal(readFileSync(path, 'utf8'), 'state-a');
    });

    it('takes over a lock left empty (its holder killed between creating and writing it) once a second old', async () => {
      const lock = join(dir, await lockNameFor('state-a'));
      writeFileSync(lock, '');
      assert.equal(mutateClaimFile(path, 'state-a', 'state-b'), 'busy', 'a fresh empty lock may be mid-write');
      const old = (Date.now() - 5000) / 1000;
      utimesSync(lock, old, old);
      assert.equal(mutateClaimFile(path, 'state-a', 'state-b'), 'done');
      assert.equal(readFileSync(path, 'utf8'), 'state-b');
      assert.deepEqual(readdirSync(dir), ['42.json']);
    });

    it('takes over a lock left by a killed process and removes it', async () => {
      const lock = join(dir, await lockNameFor('state-a'));
      writeFileSync(lock, '12345\n');
      const old = (Date.now() - staleLockMs - 5000) / 1000;
      utimesSync(lock, old, old);
      assert.equal(mutateClaimFile(path, 'state-a', 'state-b'), 'done');
      assert.equal(readFileSync(path, 'utf8'), 'state-b');
      assert.deepEqual(readdirSync(dir), ['42.json']);
    });
  });

  it('pause waits at least the given time', () => {
    const start = process.hrtime.bigint();
    pause(20);
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 >= 19);
  });
});
