import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import { parseMilestone, percent, readMilestones } from '../../../src/core/work/milestones';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('milestones', () => {
  it('counts task-list lines with every list marker and takes the first heading as title', () => {
    const text = [
      '# Beta release',
      'Some prose. [not an item](http://x)',
      '- [x] schema',
      '* [X] CLI',
      '+ [ ] extension',
      '1. [ ] docs',
      '  - [x] nested counts too',
      '- [WIP] a bracketed note is prose, not a broken item',
      '```',
      '- [ ] inside a code fence: not counted',
      '```',
    ].join('\n');
    const { milestone, problems } = parseMilestone('beta', '/m/beta.md', text);
    assert.deepEqual(problems, []);
    assert.equal(milestone.title, 'Beta release');
    assert.equal(milestone.total, 5);
    assert.equal(milestone.done, 3);
    assert.deepEqual(
      milestone.items.map((i) => [i.text, i.done, i.line]),
      [
        ['schema', true, 3],
        ['CLI', true, 4],
        ['extension', false, 5],
        ['docs', false, 6],
        ['nested counts too', true, 7],
      ],
    );
  });

  it('reports malformed checklist lines with their line number and does not count them', () => {
    const text = [
      '- [] empty brackets',
      '-[x] no space',
      '[ ] no marker',
      '- [ x] stray space',
      '- [v] odd mark',
      '- [ ]',
      '- [x] fine',
    ].join('\n');
    const { milestone, problems } = parseMilestone('m', '/m/m.md', text);
    assert.equal(milestone.total, 1);
    assert.equal(milestone.done, 1);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['/m/m.md:1', '/m/m.md:2', '/m/m.md:3', '/m/m.md:4', '/m/m.md:5', '/m/m.md:6'],
    );
    assert.match(problems[0]?.reason ?? '', /"- \[\] empty brackets" is not a checklist item; write "- \[ \] what"/);
  });

  it('a file without any checklist is reported, as 0 of 0', () => {
    const { milestone, problems } = parseMilestone('empty', '/m/empty.md', 'just prose\n');
    assert.equal(milestone.total, 0);
    assert.equal(milestone.title, 'empty');
    assert.match(problems[0]?.reason ?? '', /has no checklist items/);
  });

  describe('readMilestones', () => {
    let tree: TempTree;
    beforeEach(() => (tree = makeTempTree()));
    afterEach(() => tree.cleanup());

    it('sums every milestone; bad files are reported and skipped, never fatal', () => {
      const dir = tree.ctx.layout.milestonesDir;
      writeFileSync(join(dir, 'alpha.md'), '# Alpha\n- [x] a\n- [x] b\n');
      writeFileSync(join(dir, 'beta.md'), '# Beta\n- [x] a\n- [ ] b\n- [] broken\n');
      writeFileSync(join(dir, 'huge.md'), `- [ ] x\n${'y'.repeat(300 * 1024)}`);
      writeFileSync(join(dir, 'notes.txt'), 'not markdown');
      writeFileSync(join(dir, 'Bad Name.md'), '- [ ] x');
      mkdirSync(join(tree.root, 'outside'));
      writeFileSync(join(tree.root, 'outside', 'secret.md'), '- [x] secret');
      symlinkSync(join(tree.root, 'outside', 'secret.md'), join(dir, 'linked.md'));
      const sink = new DiagnosticSink();
      const progress = readMilestones(tree.ctx.layout, sink);
      assert.deepEqual(
        progress.milestones.map((m) => [m.name, m.done, m.total]),
        [
          ['alpha', 2, 2],
          ['beta', 1, 2],
        ],
      );
      assert.equal(progress.done, 3);
      assert.equal(progress.total, 4);
      assert.equal(percent(progress.done, progress.total), 75);
      const reasons = progress.problems.map((p) => `${p.path.slice(dir.length + 1)}: ${p.reason}`);
      assert.ok(
        reasons.some((r) => r.startsWith('beta.md:4: ')),
        reasons.join('\n'),
      );
      assert.ok(
        reasons.some((r) => r.startsWith('huge.md: is ') && r.includes('limit')),
        reasons.join('\n'),
      );
      assert.ok(
        reasons.some((r) => r.startsWith('notes.txt: ')),
        reasons.join('\n'),
      );
      assert.ok(
        reasons.some((r) => r.startsWith('Bad Name.md: ')),
        reasons.join('\n'),
      );
      assert.ok(
        reasons.some((r) => r.startsWith('linked.md: ') && r.includes('symbolic link')),
        reasons.join('\n'),
      );
      assert.equal(sink.items.length, progress.problems.length);
    });

    it('no milestones folder is simply no milestones', () => {
      tree.cleanup();
      tree = makeTempTree({ init: false });
      assert.deepEqual(readMilestones(tree.ctx.layout), { milestones: [], done: 0, total: 0, problems: [] });
    });
  });
});
