import assert from 'node:assert/strict';
import {
  intValue,
  listValue,
  parseCommandArgs,
  peekGlobalFlags,
  rejectExtra,
  requirePositionals,
  stringValue,
} from '../../src/cli/args';
import type { OptionSpec } from '../../src/cli/command';
import { CoordError } from '../../src/core/store/errors';

function usage(pattern: RegExp) {
  return (e: unknown) => e instanceof CoordError && e.code === 'usage' && pattern.test(e.message);
}

const options: Record<string, OptionSpec> = {
  ttl: { type: 'string', help: '' },
  force: { type: 'boolean', help: '' },
  'depends-on': { type: 'string', multiple: true, help: '' },
};

describe('cli args', () => {
  describe('parseCommandArgs', () => {
    it('parses positionals, command options and the global options', () => {
      const parsed = parseCommandArgs(
        ['issue', '42', '--ttl', '30m', '--force', '--json', '--session', 's-1', '--root=/r'],
        options,
      );
      assert.deepEqual(parsed.positionals, ['issue', '42']);
      assert.equal(parsed.values.ttl, '30m');
      assert.equal(parsed.values.force, true);
      assert.equal(parsed.values.json, true);
      assert.equal(parsed.values.session, 's-1');
      assert.equal(parsed.values.root, '/r');
    });

    it('keeps a negative number as a value, not an option, so the command can say what is wrong with it', () => {
      const parsed = parseCommandArgs(
        ['editing', 'x', 'implement', '-1', '--ttl', '-5', '--depends-on', '-2.5'],
        options,
      );
      assert.deepEqual(parsed.positionals, ['editing', 'x', 'implement', '-1']);
      assert.equal(parsed.values.ttl, '-5');
      assert.deepEqual(parsed.values['depends-on'], ['-2.5']);
      assert.throws(() => parseCommandArgs(['-x'], options), usage(/-x/));
    });

    it('knows -h as --help', () => {
      assert.equal(parseCommandArgs(['-h'], {}).values.help, true);
    });

    it('collects a repeatable option', () => {
      const parsed = parseCommandArgs(['--depends-on', 'a', '--depends-on', 'b'], options);
      assert.deepEqual(listValue(parsed.values, 'depends-on'), ['a', 'b']);
    });

    it('takes everything after -- as positionals', () => {
      assert.deepEqual(parseCommandArgs(['--', '--force', '-x'], options).positionals, ['--force', '-x']);
    });

    it('refuses an unknown option, naming it, on one line', () => {
      assert.throws(
        () => parseCommandArgs(['--frce'], options),
        (e: unknown) =>
          usage(/--frce/)(e) && !(e as Error).message.includes('\n') && /--help/.test((e as CoordError).hint ?? ''),
      );
    });

    it('refuses an option of another command', () => {
      assert.throws(() => parseCommandArgs(['--force'], {}), usage(/--force/));
    });

    it('refuses a missing option value', () => {
      assert.throws(() => parseCommandArgs(['--ttl'], options), usage(/--ttl/));
    });

    it('refuses a value given to a boolean option', () => {
      assert.throws(() => parseCommandArgs(['--force=yes'], options), usage(/--force/));
    });
  });

  it('peekGlobalFlags finds --json and --debug anywhere before `--`, never after it', () => {
    assert.deepEqual(peekGlobalFlags(['nope', '--bad', '--json']), { json: true, debug: false });
    assert.deepEqual(peekGlobalFlags(['--debug']), { json: false, debug: true });
    assert.deepEqual(peekGlobalFlags([]), { json: false, debug: false });
    // After `--` they are the command's words: a message body, a subject.
    assert.deepEqual(peekGlobalFlags(['send', 'bob', 's', '--', '--json', '--debug']), { json: false, debug: false });
    assert.deepEqual(peekGlobalFlags(['send', '--json', 'bob', '--', '--debug']), { json: true, debug: false });
  });

  describe('value helpers', () => {
    it('stringValue returns strings only', () => {
      assert.equal(stringValue({ a: 'x', b: true }, 'a'), 'x');
      assert.equal(stringValue({ a: 'x', b: true }, 'b'), undefined);
      assert.equal(stringValue({}, 'c'), undefined);
    });

    it('listValue turns one value or none into a list', () => {
      assert.deepEqual(listValue({ a: 'x' }, 'a'), ['x']);
      assert.deepEqual(listValue({}, 'a'), []);
    });

    it('intValue reads whole numbers in range and names the option otherwise', () => {
      assert.equal(intValue({ priority: '0' }, 'priority', 0, 100), 0);
      assert.equal(intValue({ priority: '100' }, 'priority', 0, 100), 100);
      assert.equal(intValue({}, 'priority', 0, 100), undefined);
      for (const bad of ['101', '-1', '1.5', 'high', '', '1e2']) {
        assert.throws(
          () => intValue({ priority: bad }, 'priority', 0, 100),
          usage(/^--priority ".*" must be a whole number from 0 to 100$/),
          bad,
        );
      }
    });

    it('requirePositionals names the missing arguments and shows the usage', () => {
      assert.deepEqual(requirePositionals(['a', 'b'], ['type', 'name'], 'u'), ['a', 'b']);
      assert.throws(
        () => requirePositionals(['a'], ['type', 'name'], 'coord claim <type> <name>'),
        (e: unknown) => usage(/^missing <name>$/)(e) && (e as CoordError).hint === 'usage: coord claim <type> <name>',
      );
      assert.throws(() => requirePositionals([], ['type', 'name'], 'u'), usage(/^missing <type> <name>$/));
    });

    it('rejectExtra names the first unexpected argument', () => {
      rejectExtra(['a'], 1, 'u');
      assert.throws(() => rejectExtra(['a', 'b', 'c'], 1, 'u'), usage(/^unexpected argument "b"$/));
    });
  });
});
