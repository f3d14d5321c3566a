import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import { CoordError } from '../../../src/core/store/errors';
import { newMessageId } from '../../../src/core/store/ids';
import { countInbox, inbox, messageTotals, readMessage, sendMessage } from '../../../src/core/messages/messages';
import { markEnded, startSession } from '../../../src/core/sessions/sessions';
import { coordError } from '../../helpers/coordError';
import { withAliceAndBob } from '../../helpers/aliceAndBob';

describe('messages', () => {
  const s = withAliceAndBob();

  function endSession(id: string): void {
    markEnded(s.tree.ctx, JSON.parse(readFileSync(s.tree.ctx.layout.sessionFile(id), 'utf8')));
  }

  describe('sendMessage', () => {
    it("writes the message once into the recipient's inbox folder", () => {
      const message = sendMessage(s.tree.ctx, s.alice, s.bob, 'hello', 'line one\n\tline two');
      assert.deepEqual(readdirSync(s.tree.ctx.layout.inboxDir(s.bob)), [`${message.id}.json`]);
      const onDisk = JSON.parse(readFileSync(s.tree.ctx.layout.messageFile(s.bob, message.id), 'utf8'));
      assert.deepEqual(onDisk, {
        object: 'message',
        version: 1,
        id: message.id,
        from: s.alice,
        to: s.bob,
        subject: 'hello',
        body: 'line one\n\tline two',
        priority: 'normal',
        sentAt: '2026-11-21T12:00:00.000Z',
      });
    });

    it('stores a body with Windows line endings with LF, for every front end that sends through it', () => {
      const message = sendMessage(s.tree.ctx, s.alice, s.bob, 'crlf', 'one\r\ntwo\r\n');
      assert.equal(message.body, 'one\ntwo\n');
      assert.equal(readMessage(s.tree.ctx, s.bob, message.id).body, 'one\ntwo\n');
      assert.throws(() => sendMessage(s.tree.ctx, s.alice, s.bob, 'cr', 'over\rwrite'), coordError('usage'));
    });

    it('keeps priority, reply-to and the ack request', () => {
      const first = sendMessage(s.tree.ctx, s.alice, s.bob, 'q', 'b');
      const reply = sendMessage(s.tree.ctx, s.bob, s.alice, 're: q', 'a', {
        priority: 'critical',
        replyTo: first.id,
        ackRequired: true,
      });
      assert.equal(reply.priority, 'critical');
      assert.equal(reply.replyTo, first.id);
      assert.equal(reply.ackRequired, true);
      assert.deepEqual(readMessage(s.tree.ctx, s.alice, reply.id), reply);
    });

    it('refuses an unknown recipient and writes nothing', () => {
      assert.throws(
        () => sendMessage(s.tree.ctx, s.alice, 'nobody-000000', 's', 'b'),
        (e: unknown) =>
          coordError('refused', /no session nobody-000000/)(e) &&
          (e as CoordError).details?.recipient === 'nobody-000000',
      );
      assert.equal(existsSync(join(s.tree.ctx.layout.messagesDir, 'nobody-000000')), false);
    });

    it('refuses a gone recipient', () => {
      s.tree.clock.advance(901_000);
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      assert.throws(
        () => sendMessage(s.tree.ctx, carol, s.bob, 's', 'b'),
        (e: unknown) => coordError('refused', /is gone/)(e) && (e as CoordError).details?.state === 'gone',
      );
      assert.equal(existsSync(s.tree.ctx.layout.inboxDir(s.bob)), false);
    });

    it('refuses an ended recipient', () => {
      endSession(s.bob);
      assert.throws(() => sendMessage(s.tree.ctx, s.alice, s.bob, 's', 'b'), coordError('refused', /is ended/));
    });

    it('delivers to a stale recipient, which may still come back', () => {
      s.tree.clock.advance(300_000);
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      assert.equal(sendMessage(s.tree.ctx, carol, s.bob, 's', 'b').to, s.bob);
    });

    it('refuses a sender that is not registered or has ended', () => {
      assert.throws(
        () => sendMessage(s.tree.ctx, 'ghost-000000', s.bob, 's', 'b'),
        coordError('refused', /not registered/),
      );
      endSession(s.alice);
      assert.throws(() => sendMessage(s.tree.ctx, s.alice, s.bob, 's', 'b'), coordError('refused', /ended/));
    });

    it('holds a body of up to 64 KiB counted in UTF-8 bytes, whatever the characters', () => {
      // At the limit: 65,536 ASCII characters, 32,768 two-byte ones, 16,384 emoji (four bytes, two UTF-16 units).
      for (const [char, count] of [
        ['x', 65_536],
        ['é', 32_768],
        ['😀', 16_384],
      ] as const) {
        const at = sendMessage(s.tree.ctx, s.alice, s.bob, 's', char.repeat(count));
        assert.equal(Buffer.byteLength(at.body), 65_536);
        assert.throws(
          () => sendMessage(s.tree.ctx, s.alice, s.bob, 's', char.repeat(count + 1)),
          coordError(
            'usage',
            new RegExp(`the body is ${65_536 + Buffer.byteLength(char)} bytes \\(UTF-8\\); at most 65536`),
          ),
          `${count + 1} × ${char}`,
        );
      }
      // 40,000 emoji are 160,000 bytes: refused as such, not as 80,000 "characters".
      assert.throws(
        () => sendMessage(s.tree.ctx, s.alice, s.bob, 's', '😀'.repeat(40_000)),
        coordError('usage', /the body is 160000 bytes/),
      );
      // 30,000 three-byte characters fit in UTF-16 units (30,000) but not in 64 KiB (90,000 bytes).
      assert.throws(
        () => sendMessage(s.tree.ctx, s.alice, s.bob, 's', '€'.repeat(30_000)),
        coordError('usage', /90000 bytes/),
      );
    });

    it('refuses a bad subject, body, recipient name or reply-to', () => {
      assert.throws(() => sendMessage(s.tree.ctx, s.alice, s.bob, '  ', 'b'), coordError('usage', /subject is empty/));
      assert.throws(
        () => sendMessage(s.tree.ctx, s.alice, s.bob, 's'.repeat(201), 'b'),
        coordError('usage', /201 characters; at most 200/),
      );
      assert.throws(() => sendMessage(s.tree.ctx, s.alice, s.bob, 'two\nlines', 'b'), coordError('usage', /one line/));
      assert.throws(
        () => sendMessage(s.tree.ctx, s.alice, s.bob, 's', 'x'.repeat(64 * 1024 + 1)),
        coordError('usage', /at most 65536/),
      );
      assert.throws(
        () => sendMessage(s.tree.ctx, s.alice, s.bob, 's', 'bell\u0007'),
        coordError('usage', /control characters/),
      );
      assert.throws(() => sendMessage(s.tree.ctx, s.alice, '../etc', 's', 'b'), coordError('usage', /recipient/));
      assert.throws(
        () => sendMessage(s.tree.ctx, s.alice, s.bob, 's', 'b', { replyTo: 'nope' }),
        coordError('usage', /reply-to\), "nope", is not a message id/),
      );
      assert.equal(existsSync(s.tree.ctx.layout.inboxDir(s.bob)), false);
    });
  });

  describe('broadcast', () => {
    it("reaches every other session but not its sender's inbox", () => {
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      const message = sendMessage(s.tree.ctx, s.alice, 'broadcast', 'deploy', 'at noon');
      assert.ok(existsSync(s.tree.ctx.layout.messageFile('broadcast', message.id)));
      assert.deepEqual(
        inbox(s.tree.ctx, s.bob).map((e) => e.message.id),
        [message.id],
      );
      assert.deepEqual(
        inbox(s.tree.ctx, carol).map((e) => e.message.id),
        [message.id],
      );
      assert.deepEqual(inbox(s.tree.ctx, s.alice), []);
      assert.equal(countInbox(s.tree.ctx, s.alice).unread, 0, 'the sender has read its own broadcast');
    });

    it('can be sent while nobody else is alive', () => {
      s.tree.clock.advance(901_000);
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      assert.equal(sendMessage(s.tree.ctx, carol, 'broadcast', 's', 'b').to, 'broadcast');
    });
  });

  describe('inbox and readMessage', () => {
    it('lists direct messages and broadcasts oldest first, with read flags', () => {
      const m1 = sendMessage(s.tree.ctx, s.alice, s.bob, 'first', '');
      s.tree.clock.advance(1000);
      const m2 = sendMessage(s.tree.ctx, s.alice, 'broadcast', 'second', '');
      s.tree.clock.advance(1000);
      const m3 = sendMessage(s.tree.ctx, s.alice, s.bob, 'third', '');
      sendMessage(s.tree.ctx, s.bob, s.alice, 'not for bob', '');
      const entries = inbox(s.tree.ctx, s.bob);
      assert.deepEqual(
        entries.map((e) => e.message.subject),
        ['first', 'second', 'third'],
      );
      assert.deepEqual(
        entries.map((e) => e.read),
        [false, false, false],
      );
      readMessage(s.tree.ctx, s.bob, m2.id);
      assert.deepEqual(
        inbox(s.tree.ctx, s.bob).map((e) => [e.message.id, e.read]),
        [
          [m1.id, false],
          [m2.id, true],
          [m3.id, false],
        ],
      );
      assert.deepEqual(
        inbox(s.tree.ctx, s.bob, { unreadOnly: true }).map((e) => e.message.id),
        [m1.id, m3.id],
      );
    });

    it('keeps read state per session', () => {
      const m = sendMessage(s.tree.ctx, s.alice, 'broadcast', 'all', '');
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      readMessage(s.tree.ctx, s.bob, m.id);
      assert.equal(inbox(s.tree.ctx, s.bob)[0]?.read, true);
      assert.equal(inbox(s.tree.ctx, carol)[0]?.read, false);
    });

    it("does not let a session read another session's direct message", () => {
      const m = sendMessage(s.tree.ctx, s.alice, s.bob, 'private', 'secret');
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      assert.throws(
        () => readMessage(s.tree.ctx, carol, m.id),
        coordError('refused', new RegExp(`not in the inbox of ${carol}`)),
      );
      assert.throws(() => readMessage(s.tree.ctx, carol, 'bad-id'), coordError('usage', /not a message id/));
      assert.throws(() => readMessage(s.tree.ctx, s.bob, newMessageId(0)), coordError('refused'));
    });

    it('reports a broken message file naming it', () => {
      const m = sendMessage(s.tree.ctx, s.alice, s.bob, 's', 'b');
      const path = s.tree.ctx.layout.messageFile(s.bob, m.id);
      writeFileSync(path, '{');
      assert.throws(
        () => readMessage(s.tree.ctx, s.bob, m.id),
        (e: unknown) => coordError('bad-tree')(e) && (e as Error).message.includes(path),
      );
      const sink = new DiagnosticSink();
      assert.deepEqual(inbox(s.tree.ctx, s.bob, {}, sink), []);
      assert.equal(sink.items[0]?.path, path);
    });

    it('skips and reports a message copied into the wrong inbox', () => {
      const m = sendMessage(s.tree.ctx, s.alice, s.bob, 's', 'b');
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      const copy = s.tree.ctx.layout.messageFile(carol, m.id);
      mkdirSync(s.tree.ctx.layout.inboxDir(carol));
      copyFileSync(s.tree.ctx.layout.messageFile(s.bob, m.id), copy);
      const sink = new DiagnosticSink();
      assert.deepEqual(inbox(s.tree.ctx, carol, {}, sink), []);
      assert.equal(sink.items.length, 1);
      assert.equal(sink.items[0]?.path, copy);
      assert.match(sink.items[0]?.reason ?? '', new RegExp(`to ${s.bob} but lives at ${carol}/`));
    });

    it('refuses an unknown or ended session', () => {
      assert.throws(() => inbox(s.tree.ctx, 'ghost-000000'), coordError('refused'));
      endSession(s.bob);
      assert.throws(() => inbox(s.tree.ctx, s.bob), coordError('refused'));
    });
  });

  describe('counts', () => {
    it('countInbox counts direct, broadcast and unread from the listing', () => {
      const d1 = sendMessage(s.tree.ctx, s.alice, s.bob, 'a', '');
      sendMessage(s.tree.ctx, s.alice, s.bob, 'b', '');
      sendMessage(s.tree.ctx, s.alice, 'broadcast', 'c', '');
      assert.deepEqual(countInbox(s.tree.ctx, s.bob), { direct: 2, broadcast: 1, unread: 3 });
      readMessage(s.tree.ctx, s.bob, d1.id);
      assert.deepEqual(countInbox(s.tree.ctx, s.bob), { direct: 2, broadcast: 1, unread: 2 });
    });

    it('messageTotals counts every message and those sent since a time', () => {
      sendMessage(s.tree.ctx, s.alice, s.bob, 'old', '');
      const cut = s.tree.clock.now() + 60_000;
      s.tree.clock.advance(60_000);
      sendMessage(s.tree.ctx, s.bob, s.alice, 'new', '');
      sendMessage(s.tree.ctx, s.bob, 'broadcast', 'new too', '');
      assert.deepEqual(messageTotals(s.tree.ctx, cut), { total: 3, since: 2, inboxes: 3 });
    });
  });
});
