import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { coord, coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/**
 * `coord send`: the body limit, and a send repeated: by --key, and identical within 10 s — sequentially and by
 * racing processes.
 */
describe('coord send: a body from stdin up to 64 KiB; a repeated send writes no second message', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => void;
  let alice: string;
  let bob: string;
  before(() => {
    ({ dir, cleanup } = makeTempDir('coord-send-'));
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
    alice = startSessionCli(dir, 'alice');
    bob = startSessionCli(dir, 'bob');
  });
  after(() => cleanup());

  const inbox = () => readdirSync(join(dir, 'docs/coordination/messages', bob)).filter((n) => n.endsWith('.json'));

  it('a body of `-` from stdin: 64 KiB of UTF-8 is sent and reads back; a byte more is exit 2, counted in bytes', () => {
    const body = '😀'.repeat(16_384);
    const sent = coordSync(['send', bob, 'emoji', '-', '--json'], { cwd: dir, session: alice, input: body });
    assert.equal(sent.code, 0, sent.stderr);
    const read = coordSync(['read', sent.json.message.id, '--json'], { cwd: dir, session: bob });
    assert.equal(read.json.message.body, body);
    const over = coordSync(['send', bob, 'emoji', '-'], { cwd: dir, session: alice, input: `${body}x` });
    assert.equal(over.code, 2);
    assert.match(over.stderr, /the body is 65537 bytes \(UTF-8\); at most 65536 \(64 KiB\)/);
  });

  it("--key: the same send again prints the first message's id, writes nothing; other content is exit 2", () => {
    const first = coordSync(['send', bob, 'keyed', 'body', '--key', 'k-1', '--json'], { cwd: dir, session: alice });
    assert.equal(first.code, 0, first.stderr);
    const count = inbox().length;
    const again = coordSync(['send', bob, 'keyed', 'body', '--key', 'k-1', '--json'], { cwd: dir, session: alice });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.message.id, first.json.message.id);
    assert.equal(again.json.repeated, 'key');
    assert.equal(inbox().length, count);
    const text = coordSync(['send', bob, 'keyed', 'body', '--key', 'k-1'], { cwd: dir, session: alice });
    const id = first.json.message.id as string;
    assert.match(text.stdout, new RegExp(`Already sent ${id} to ${bob} \\(same --key\\); no second message`));
    const other = coordSync(['send', bob, 'keyed', 'other body', '--key', 'k-1'], { cwd: dir, session: alice });
    assert.equal(other.code, 2);
    assert.match(other.stderr, /key "k-1" was used already/);
  });

  it('six coord processes racing one identical send write one message, and all print its id', async () => {
    const count = inbox().length;
    const send = () => coord(['send', bob, 'raced', 'the same body', '--json'], { cwd: dir, session: alice });
    const runs = await Promise.all(Array.from({ length: 6 }, send));
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    assert.equal(new Set(runs.map((r) => r.json.message.id)).size, 1, JSON.stringify(runs.map((r) => r.json)));
    assert.equal(runs.filter((r) => r.json.repeated === undefined).length, 1);
    assert.equal(inbox().length, count + 1);
  });
});
