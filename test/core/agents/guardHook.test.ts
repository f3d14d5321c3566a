import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitRunner } from '../../../src/core/sync/gitRunner';
import { guardHookBlock, installGuardHook, shellQuote } from '../../../src/core/agents/guardHook';
import { coordError } from '../../helpers/coordError';
import { makeTempDir } from '../../helpers/tempTree';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
const invocation = { node: '/opt/node 20/bin/node', cli: "/home/o'brien/coord/dist/cli.js" };

describe('guardHook', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    git(dir, 'init', '-q');
  });
  afterEach(() => cleanup());
  const hook = () => join(dir, '.git/hooks/pre-commit');

  it('creates an executable pre-commit hook calling the installing coord by absolute path, then coord on PATH', async () => {
    const result = await installGuardHook(new GitRunner(dir), invocation);
    assert.deepEqual(result, { file: hook(), action: 'created' });
    const text = readFileSync(hook(), 'utf8');
    assert.match(text, /^#!\/bin\/sh\n# coord:guard:begin/);
    assert.ok(text.includes(`coord_node='/opt/node 20/bin/node'\n`));
    assert.ok(text.includes(`coord_cli='/home/o'\\''brien/coord/dist/cli.js'\n`));
    assert.match(text, /coord guard \|\| exit \$\?/);
    assert.equal(statSync(hook()).mode & 0o777, 0o755);
    // The script is valid sh.
    execFileSync('sh', ['-n', hook()]);
  });

  it('is idempotent, and a later install from another place updates the block in place', async () => {
    await installGuardHook(new GitRunner(dir), invocation);
    assert.equal((await installGuardHook(new GitRunner(dir), invocation)).action, 'unchanged');
    const moved = { node: '/usr/bin/node', cli: '/srv/coord/dist/cli.js' };
    assert.equal((await installGuardHook(new GitRunner(dir), moved)).action, 'updated');
    const text = readFileSync(hook(), 'utf8');
    assert.equal(
      text,
      `#!/bin/sh\n${guardHookBlock(moved).begin}\n${guardHookBlock(moved).body}\n${guardHookBlock(moved).end}\n`,
    );
  });

  it('adds itself to an existing shell hook after its #! line and keeps the rest byte for byte, with its mode', async () => {
    const mine = '#!/usr/bin/env bash\nset -e\nnpm run lint\nexit 0\n';
    writeFileSync(hook(), mine);
    chmodSync(hook(), 0o700);
    assert.equal((await installGuardHook(new GitRunner(dir), invocation)).action, 'added to existing hook');
    const block = guardHookBlock(invocation);
    assert.equal(
      readFileSync(hook(), 'utf8'),
      `#!/usr/bin/env bash\n${block.begin}\n${block.body}\n${block.end}\nset -e\nnpm run lint\nexit 0\n`,
    );
    assert.equal(statSync(hook()).mode & 0o777, 0o700);
    assert.equal((await installGuardHook(new GitRunner(dir), invocation)).action, 'unchanged');
  });

  it('refuses a hook it cannot add to, saying what to add by hand, and leaves it untouched', async () => {
    const python = '#!/usr/bin/env python3\nprint("hi")\n';
    writeFileSync(hook(), python);
    await assert.rejects(
      installGuardHook(new GitRunner(dir), invocation),
      coordError('refused', /pre-commit already exists and is not a shell script/),
    );
    assert.equal(readFileSync(hook(), 'utf8'), python);
  });

  it('installs where core.hooksPath points', async () => {
    git(dir, 'config', 'core.hooksPath', 'tools/hooks');
    const result = await installGuardHook(new GitRunner(dir), invocation);
    assert.equal(result.file, join(dir, 'tools/hooks/pre-commit'));
    assert.match(readFileSync(result.file, 'utf8'), /coord:guard:begin/);
  });

  it('from a linked worktree, installs into the hooks every worktree shares', async () => {
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    git(dir, 'add', 'a.txt');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'a');
    const other = join(dir, '..', `${dir.split('/').pop()}-wt`);
    git(dir, 'worktree', 'add', '-q', other);
    try {
      const result = await installGuardHook(new GitRunner(other), invocation);
      assert.equal(result.file, hook());
    } finally {
      git(dir, 'worktree', 'remove', '--force', other);
    }
  });

  it('quotes any text as one shell word', () => {
    assert.equal(shellQuote("a b'c$d"), `'a b'\\''c$d'`);
    assert.equal(
      execFileSync('sh', ['-c', `printf %s ${shellQuote("a b'c$d`\\")}`], { encoding: 'utf8' }),
      "a b'c$d`\\",
    );
  });
});

describe('guardHook folder creation', () => {
  it('creates the hooks folder when the repository has none', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      git(dir, 'init', '-q');
      git(dir, 'config', 'core.hooksPath', 'nested/new/hooks');
      mkdirSync(join(dir, 'nested'));
      const result = await installGuardHook(new GitRunner(dir), invocation);
      assert.ok(statSync(result.file).isFile());
    } finally {
      cleanup();
    }
  });
});
