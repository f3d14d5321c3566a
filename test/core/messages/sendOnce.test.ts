import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openContext } from '../../../src/core/records/context';
import { identicalSendWindowMs, sendOnce } from '../../../src/core/messages/sendOnce';
import { readMessage } from '../../../src/core/messages/messages';
import { startSession } from '../../../src/core/sessions/sessions';
import { broadcast } from '../../../src/core/records/message';
import { coordError } from '../../helpers/coordError';
import { withAliceAndBob } from '../../helpers/aliceAndBob';

describe('sendOnce: a repeated send writes no second message', () => {
  const s = withAliceAndBob();

  const inboxOf = (to: string) => {
    const dir = s.tree.ctx.layout.inboxDir(to);
    return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')) : [];
  };

  it('an identical send within 10 s answers the first message; after 10 s it is a new message', () => {
    const first = sendOnce(s.tree.ctx, s.alice, s.bob, 'build broke', 'main is red', { priority: 'high' });
    assert.equal(first.repeated, undefined);
    s.tree.clock.advance(identicalSendWindowMs - 1);
    const again = sendOnce(s.tree.ctx, s.alice, s.bob, 'build broke', 'main is red', { priority: 'high' });
    assert.deepEqual(again, { message: first.message, repeated: 'identical' });
    assert.deepEqual(inboxOf(s.bob), [`${first.message.id}.json`]);
    s.tree.clock.advance(1);
    const later = sendOnce(s.tree.ctx, s.alice, s.bob, 'build broke', 'main is red', { priority: 'high' });
    assert.equal(later.repeated, undefined);
    assert.notEqual(later.message.id, first.message.id);
    assert.equal(inboxOf(s.bob).length, 2);
  });

  it('a send that differs in recipient, subject, body, priority, reply-to or ack is a message of its own', () => {
    const base = sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b').message;
    const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
    const variants = [
      sendOnce(s.tree.ctx, s.alice, carol, 's', 'b'),
      sendOnce(s.tree.ctx, s.alice, s.bob, 's2', 'b'),
      sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b2'),
      sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { priority: 'low' }),
      sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { replyTo: base.id }),
      sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { ackRequired: true }),
      sendOnce(s.tree.ctx, s.alice, broadcast, 's', 'b'),
    ];
    assert.ok(variants.every((v) => v.repeated === undefined && v.message.id !== base.id));
    assert.equal(new Set(variants.map((v) => v.message.id)).size, variants.length);
    // Another sender's identical send is theirs, not a repeat of alice's.
    assert.equal(sendOnce(s.tree.ctx, carol, s.bob, 's', 'b').repeated, undefined);
    // CRLF is stored as LF, so a send repeated with the other line ends is the same send.
    const crlf = sendOnce(s.tree.ctx, s.alice, s.bob, 'lines', 'one\r\ntwo');
    assert.equal(sendOnce(s.tree.ctx, s.alice, s.bob, 'lines', 'one\ntwo').message.id, crlf.message.id);
  });

  it('a key used before answers its first message minutes later; the same key with other content is refused', () => {
    const first = sendOnce(s.tree.ctx, s.alice, s.bob, 'handover', 'take issue 7', { key: 'k-1' });
    s.tree.clock.advance(5 * 60_000);
    const again = sendOnce(s.tree.ctx, s.alice, s.bob, 'handover', 'take issue 7', { key: 'k-1' });
    assert.deepEqual(again, { message: first.message, repeated: 'key' });
    assert.throws(
      () => sendOnce(s.tree.ctx, s.alice, s.bob, 'handover', 'take issue 8', { key: 'k-1' }),
      coordError('usage', /key "k-1" was used already/),
    );
    // Keys are per session: bob's k-1 is his own.
    assert.equal(sendOnce(s.tree.ctx, s.bob, s.alice, 'handover', 'take issue 7', { key: 'k-1' }).repeated, undefined);
    assert.equal(inboxOf(s.bob).length, 1);
  });

  it('an identical send with a new key within 10 s is still the one message, and that key then finds it', () => {
    const first = sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b');
    assert.equal(sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { key: 'late' }).repeated, 'identical');
    s.tree.clock.advance(60_000);
    const late = sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { key: 'late' });
    assert.deepEqual(late, { message: first.message, repeated: 'key' });
  });

  it('a refused send (recipient ended or unknown) records nothing, so the corrected send goes out', () => {
    assert.throws(() => sendOnce(s.tree.ctx, s.alice, 'nobody-000000', 's', 'b', { key: 'x' }), coordError('refused'));
    const sent = sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { key: 'x' });
    assert.equal(sent.repeated, undefined);
  });

  it('broken records are ignored, never trusted: the send goes out', () => {
    const first = sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { key: 'k' });
    const dir = s.tree.ctx.layout.sendRecordsDir(s.alice);
    for (const sub of ['keys', 'recent']) {
      for (const name of readdirSync(join(dir, sub))) writeFileSync(join(dir, sub, name), '{not json');
    }
    const second = sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { key: 'k' });
    assert.equal(second.repeated, undefined);
    assert.notEqual(second.message.id, first.message.id);
    assert.equal(readMessage(s.tree.ctx, s.bob, second.message.id).body, 'b');
  });

  it('refuses an empty or overlong key, and a sender that is not a session', () => {
    assert.throws(() => sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { key: '' }), coordError('usage', /send key/));
    const long = 'k'.repeat(201);
    assert.throws(() => sendOnce(s.tree.ctx, s.alice, s.bob, 's', 'b', { key: long }), coordError('usage', /send key/));
    assert.throws(() => sendOnce(s.tree.ctx, 'ghost-000000', s.bob, 's', 'b'), coordError('refused', /not registered/));
  });

  it('processes racing the same send write one message, and all answer its id', async function () {
    this.timeout(60_000);
    // Sessions of the real clock: the racers judge bob's liveness by it.
    const live = openContext(s.tree.root);
    const from = startSession(live, { name: 'racer' }).id;
    const to = startSession(live, { name: 'target' }).id;
    const sendOnceJs = resolve(__dirname, '../../../src/core/messages/sendOnce.js');
    const contextJs = resolve(__dirname, '../../../src/core/records/context.js');
    // Each racer loads first, then waits for one shared instant, so the sends really overlap.
    const script = `
      const { sendOnce } = require(${JSON.stringify(sendOnceJs)});
      const { openContext } = require(${JSON.stringify(contextJs)});
      const [root, from, to, subject, key, startAt] = process.argv.slice(1);
      const ctx = openContext(root);
      while (Date.now() < Number(startAt)) {}
      const result = sendOnce(ctx, from, to, subject, 'the same body', key ? { key } : {});
      process.stdout.write(JSON.stringify({ id: result.message.id, repeated: result.repeated ?? null }));`;
    const race = (subject: string, key: string, racers: number) => {
      const startAt = Date.now() + 1500;
      type Answer = { id: string; repeated: string | null };
      return Promise.all(
        Array.from(
          { length: racers },
          () =>
            new Promise<Answer>((done, fail) => {
              const argv = ['-e', script, s.tree.root, from, to, subject, key, String(startAt)];
              const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
              let out = '';
              let err = '';
              child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
              child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
              child.on('close', (code) => {
                if (code === 0) done(JSON.parse(out));
                else fail(new Error(`racer exited ${code}: ${err}`));
              });
            }),
        ),
      );
    };
    for (let round = 0; round < 4; round++) {
      const before = inboxOf(to).length;
      const answers = await race(`race ${round}`, round % 2 === 0 ? '' : `key-${round}`, 6);
      const ids = new Set(answers.map((a) => a.id));
      assert.equal(ids.size, 1, `round ${round}: ${JSON.stringify(answers)}`);
      assert.equal(inboxOf(to).length, before + 1, `round ${round}: one message written`);
      const senders = answers.filter((a) => a.repeated === null).length;
      assert.equal(senders, 1, `round ${round}: one racer sent, the others were answered`);
    }
  });
});
