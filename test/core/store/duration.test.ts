import assert from 'node:assert/strict';
import { parseDuration } from '../../../src/core/store/duration';
import { formatDuration } from '../../../src/core/store/durationText';
import { CoordError } from '../../../src/core/store/errors';

function usageFailure(pattern: RegExp) {
  return (error: unknown) => error instanceof CoordError && error.code === 'usage' && pattern.test(error.message);
}

describe('duration', () => {
  describe('parseDuration', () => {
    it('reads plain seconds', () => {
      assert.equal(parseDuration('90'), 90);
    });

    it('reads each unit', () => {
      assert.equal(parseDuration('45s'), 45);
      assert.equal(parseDuration('30m'), 1800);
      assert.equal(parseDuration('2h'), 7200);
      assert.equal(parseDuration('1d'), 86400);
    });

    it('reads combinations, in any case and with surrounding space', () => {
      assert.equal(parseDuration('1h30m'), 5400);
      assert.equal(parseDuration('1d2h3m4s'), 86400 + 7200 + 180 + 4);
      assert.equal(parseDuration(' 2H '), 7200);
    });

    it('refuses text that is not a duration, naming the argument', () => {
      for (const text of ['', 'soon', '1.5h', '1h 30m', '10x', 'h', '-5m', '5m-']) {
        assert.throws(
          () => parseDuration(text, '--ttl'),
          usageFailure(/^--ttl ".*" is not a duration$/),
          JSON.stringify(text),
        );
      }
    });

    it('refuses zero', () => {
      assert.throws(() => parseDuration('0'), usageFailure(/must be longer than zero/));
      assert.throws(() => parseDuration('0m'), usageFailure(/must be longer than zero/));
    });

    it('accepts 30 days and refuses more', () => {
      assert.equal(parseDuration('30d'), 30 * 86400);
      assert.throws(() => parseDuration('30d1s'), usageFailure(/longer than 30 days/));
      assert.throws(() => parseDuration('99999999999999999999'), usageFailure(/longer than 30 days/));
    });
  });

  describe('formatDuration', () => {
    it('shows seconds, minutes, hours and days', () => {
      assert.equal(formatDuration(0), '0s');
      assert.equal(formatDuration(12_999), '12s');
      assert.equal(formatDuration(60_000), '1m');
      assert.equal(formatDuration(59 * 60_000 + 59_000), '59m');
      assert.equal(formatDuration(3_600_000), '1h');
      assert.equal(formatDuration(3_900_000), '1h 5m');
      assert.equal(formatDuration(86_400_000), '1d');
      assert.equal(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 59_000), '2d 3h');
    });

    it('reads negative values as zero', () => {
      assert.equal(formatDuration(-5000), '0s');
    });
  });
});
