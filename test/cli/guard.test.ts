import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A real git process with the environment a person's or an agent's shell would have: no GIT_* from ours. */
function gitIn(cwd: string, args: string[], env: Record<string, string> = {}): GitRun {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && !k.startsWith('COORD_')) base[k] = v;
  const run = spawnSync('git', args, { cwd, env: { ...base, LC_ALL: 'C', ...env }, encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

describe('coord guard: the pre-commit hook in a real repository', () => {
  let dir: string;
  let cleanup: () => void;
  let alice: string;
  let bob: string;

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir('coord-guard-'));
    gitIn(dir, ['init', '-q']);
    gitIn(dir, ['config', 'user.name', 'Tester']);
    gitIn(dir, ['config', 'user.email', 'tester@example.invalid']);
    write('README.md', 'hello\n');
    write('src/core/a.ts', 'export const a = 1;\n');
    gitIn(dir, ['add', '.']);
    assert.equal(gitIn(dir, ['commit', '-q', '-m', 'start']).code, 0);
    const init = coordSync(['init', '--guard', '--json'], { cwd: dir });
    assert.equal(init.code, 0, init.stdout + init.stderr);
    assert.equal(init.json.guard.action, 'created');
    alice = startSessionCli(dir, 'alice');
    bob = startSessionCli(dir, 'bob');
    const claim = coordSync(['claim', 'path', 'src/core/**', '--reason', 'refactor core'], {
      cwd: dir,
      session: alice,
    });
    assert.equal(claim.code, 0, claim.stdout + claim.stderr);
  });
  afterEach(() => cleanup());

  function write(path: string, text: string): void {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  function commitAs(
    session: string | undefined,
    files: Record<string, string>,
    env: Record<string, string> = {},
    extra: string[] = [],
  ): GitRun {
    for (const [path, text] of Object.entries(files)) {
      write(path, text);
      gitIn(dir, ['add', '--', path]);
    }
    return gitIn(dir, ['commit', '-q', '-m', 'change', ...extra], {
      ...(session ? { COORD_SESSION: session } : {}),
      ...env,
    });
  }
  const head = () => gitIn(dir, ['rev-parse', 'HEAD']).stdout.trim();

  it('installs a hook that calls this coord by absolute path', () => {
    const hook = readFileSync(join(dir, '.git/hooks/pre-commit'), 'utf8');
    assert.ok(hook.includes(`coord_cli='${cliPath}'`), hook);
    assert.ok(hook.includes(`coord_node='${process.execPath}'`), hook);
    assert.equal(coordSync(['init', '--guard', '--json'], { cwd: dir }).json.guard.action, 'unchanged');
  });

  it("refuses another session's commit touching a claimed file, naming the file, the holder, until when and how to reach them", () => {
    const before = head();
    const run = commitAs(bob, { 'src/core/a.ts': 'export const a = 2;\n' });
    assert.notEqual(run.code, 0);
    assert.equal(head(), before, 'nothing was committed');
    assert.match(run.stderr, /coord guard: this commit touches 1 file claimed by another session/);
    assert.match(
      run.stderr,
      new RegExp(
        `src/core/a\\.ts — claimed by ${alice} \\(path src/core/\\*\\*, until \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, .* left: refactor core\\)`,
      ),
    );
    assert.match(run.stderr, new RegExp(`coord send ${alice} "<subject>" "<body>"`));
    assert.match(run.stderr, /Commit refused \(git config coord\.guard: refuse\)/);
  });

  it("lets through a commit touching only other files, and the holder's own commit", () => {
    const other = commitAs(bob, { 'README.md': 'changed\n', 'src/other.ts': 'x\n' });
    assert.equal(other.code, 0, other.stderr);
    assert.equal(other.stderr, '');
    const own = commitAs(alice, { 'src/core/a.ts': 'export const a = 3;\n' });
    assert.equal(own.code, 0, own.stderr);
    assert.equal(own.stderr, '');
  });

  it('warn mode, by git config or COORD_GUARD, commits with the warning; off is silent', () => {
    gitIn(dir, ['config', 'coord.guard', 'warn']);
    const warned = commitAs(bob, { 'src/core/a.ts': 'export const a = 4;\n' });
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /src\/core\/a\.ts — claimed by /);
    assert.match(warned.stderr, /Committed anyway \(git config coord\.guard: warn\)/);
    gitIn(dir, ['config', 'coord.guard', 'refuse']);
    const byEnv = commitAs(bob, { 'src/core/a.ts': 'export const a = 5;\n' }, { COORD_GUARD: 'warn' });
    assert.equal(byEnv.code, 0, byEnv.stderr);
    assert.match(byEnv.stderr, /Committed anyway \(COORD_GUARD: warn\)/);
    const off = commitAs(bob, { 'src/core/a.ts': 'export const a = 6;\n' }, { COORD_GUARD: 'off' });
    assert.deepEqual([off.code, off.stderr], [0, '']);
  });

  it('a released or an expired claim no longer blocks', () => {
    assert.equal(coordSync(['release', 'path', 'src/core/**'], { cwd: dir, session: alice }).code, 0);
    const afterRelease = commitAs(bob, { 'src/core/a.ts': 'export const a = 7;\n' });
    assert.equal(afterRelease.code, 0, afterRelease.stderr);
    assert.equal(coordSync(['claim', 'path', 'src/core/**', '--ttl', '1s'], { cwd: dir, session: alice }).code, 0);
    assert.notEqual(commitAs(bob, { 'src/core/a.ts': 'export const a = 8;\n' }).code, 0, 'blocks while live');
    spawnSync('sleep', ['1.2']);
    const afterExpiry = commitAs(bob, {});
    assert.equal(afterExpiry.code, 0, afterExpiry.stderr);
  });

  it('sees both sides of a rename, deletions, and the files of git commit -a', () => {
    gitIn(dir, ['mv', 'src/core/a.ts', 'src/a.ts']);
    const renamed = gitIn(dir, ['commit', '-q', '-m', 'move'], { COORD_SESSION: bob });
    assert.notEqual(renamed.code, 0);
    assert.match(renamed.stderr, /src\/core\/a\.ts — claimed by/);
    gitIn(dir, ['reset', '-q', '--hard']);
    gitIn(dir, ['rm', '-q', 'src/core/a.ts']);
    assert.notEqual(gitIn(dir, ['commit', '-q', '-m', 'delete'], { COORD_SESSION: bob }).code, 0);
    gitIn(dir, ['reset', '-q', '--hard']);
    write('src/core/a.ts', 'export const a = 9;\n');
    const all = gitIn(dir, ['commit', '-q', '-a', '-m', 'all'], { COORD_SESSION: bob });
    assert.notEqual(all.code, 0);
    assert.match(all.stderr, /src\/core\/a\.ts — claimed by/);
  });

  it('does not judge the conclusion of a merge: those changes were committed elsewhere', () => {
    gitIn(dir, ['checkout', '-q', '-b', 'other']);
    assert.equal(commitAs(alice, { 'src/core/b.ts': 'export const b = 1;\n' }).code, 0);
    gitIn(dir, ['checkout', '-q', '-']);
    assert.equal(gitIn(dir, ['merge', '-q', '--no-ff', '--no-commit', 'other']).code, 0);
    const merged = gitIn(dir, ['commit', '-q', '--no-edit'], { COORD_SESSION: bob });
    assert.equal(merged.code, 0, merged.stderr);
    assert.equal(merged.stderr, '');
  });

  it("without COORD_SESSION the committer is this computer's human sessions: their claims pass, an agent's block", () => {
    const human = startSessionCli(dir, 'pat', ['--kind', 'human']);
    assert.equal(coordSync(['claim', 'path', 'docs/guide/**'], { cwd: dir, session: human }).code, 0);
    const mine = commitAs(undefined, { 'docs/guide/intro.md': 'hi\n' });
    assert.equal(mine.code, 0, mine.stderr);
    const agents = commitAs(undefined, { 'src/core/a.ts': 'export const a = 10;\n' });
    assert.notEqual(agents.code, 0);
    assert.match(
      agents.stderr,
      new RegExp(`committer: no COORD_SESSION: taken as this computer's human session ${human}`),
    );
  });

  it('works from a linked worktree with its own tree', () => {
    const wt = `${dir}-wt`;
    assert.equal(gitIn(dir, ['worktree', 'add', '-q', wt]).code, 0);
    try {
      assert.equal(coordSync(['init'], { cwd: wt }).code, 0);
      const carol = startSessionCli(wt, 'carol');
      const dave = startSessionCli(wt, 'dave');
      // Not src/core: claims of the worktrees of one repository are confirmed on its shared refs, where alice's overlaps.
      const claim = coordSync(['claim', 'path', 'lib/**'], { cwd: wt, session: carol });
      assert.equal(claim.code, 0, claim.stderr);
      mkdirSync(join(wt, 'lib'));
      writeFileSync(join(wt, 'lib/x.ts'), 'export const x = 1;\n');
      gitIn(wt, ['add', 'lib/x.ts']);
      const run = gitIn(wt, ['commit', '-q', '-m', 'wt'], { COORD_SESSION: dave });
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, new RegExp(`claimed by ${carol}`));
    } finally {
      gitIn(dir, ['worktree', 'remove', '--force', wt]);
    }
  });

  it('guards a tree in a subfolder of the repository (a package of a monorepo), with globs relative to it', () => {
    // The package's tree is the repository's only one.
    rmSync(join(dir, 'docs/coordination'), { recursive: true });
    const pkg = join(dir, 'packages', 'shop');
    mkdirSync(pkg, { recursive: true });
    // A tree is made at the repository's top unless --root says where (as coordination.root does in VS Code).
    assert.equal(coordSync(['init', '--guard', '--root', pkg], { cwd: pkg }).code, 0);
    const hook = readFileSync(join(dir, '.git/hooks/pre-commit'), 'utf8');
    assert.ok(hook.includes("guard --root 'packages/shop'"), hook);
    const erin = startSessionCli(pkg, 'erin');
    const fred = startSessionCli(pkg, 'fred');
    // lib/, not src/: the repository's claim refs still hold alice's src/core/** from the tree removed above.
    const claim = coordSync(['claim', 'path', 'lib/**'], { cwd: pkg, session: erin });
    assert.equal(claim.code, 0, claim.stdout + claim.stderr);
    // Relative to the package: packages/shop/lib/cart.ts is claimed; the top's lib/ would not be.
    const refused = commitAs(fred, { 'packages/shop/lib/cart.ts': 'export const cart = 1;\n' });
    assert.notEqual(refused.code, 0, 'a file of the package claimed by erin');
    assert.match(refused.stderr, new RegExp(`lib/cart\\.ts — claimed by ${erin}`));
    gitIn(dir, ['reset', '-q']);
    const elsewhere = commitAs(fred, { 'lib/cart.ts': 'outside the package\n' });
    assert.equal(elsewhere.code, 0, elsewhere.stderr);
  });

  it('lets the commit through when the tree is gone or coord cannot run', () => {
    const empty = gitIn(dir, ['commit', '-q', '--allow-empty', '-m', 'empty'], { COORD_SESSION: bob });
    assert.equal(empty.code, 0, empty.stderr);
    const broken = gitIn(dir, ['commit', '-q', '--allow-empty', '-m', 'bad session'], { COORD_SESSION: 'Not A Slug' });
    assert.equal(broken.code, 0);
    assert.match(broken.stderr, /^coord: COORD_SESSION/m);
    rmSync(join(dir, 'docs/coordination'), { recursive: true });
    const noTree = commitAs(bob, { 'src/core/a.ts': 'export const a = 12;\n' });
    assert.deepEqual([noTree.code, noTree.stderr], [0, '']);
  });
});
