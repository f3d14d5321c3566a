import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCacheInstall, type CacheInstall } from '../../helpers/scriptsLib';
import { makeTempDir } from '../../helpers/tempTree';

/**
 * What an outer npm (`npm test`, `npm start`) says about itself in the environment of its scripts. Run inside it,
 * the tool installs (scripts/lib/cacheInstall.mjs) inherited it, and the inner `npm install` took the outer
 * `npm_config_user_agent` ("… node/v20 …") for its own: code-server's postinstall, which reads the Node version
 * from it, refused with "requires node v24" under the right Node.
 */
const outerUserAgent = 'npm/9.9.9 node/v0.0.1-outer linux x64 workspaces/false';
function outerNpm(outerDir: string): Record<string, string> {
  return {
    npm_config_user_agent: outerUserAgent,
    npm_config_local_prefix: outerDir,
    npm_config_npm_version: '9.9.9',
    npm_config_node_gyp: '/outer/node-gyp.js',
    npm_config_call: 'outer call',
    npm_lifecycle_event: 'test',
    npm_lifecycle_script: 'mocha',
    npm_node_execpath: '/outer/bin/node',
    npm_execpath: '/outer/npm-cli.js',
    npm_command: 'test',
    npm_package_name: 'outer-project',
    npm_package_json: join(outerDir, 'package.json'),
    NODE: '/outer/bin/node',
    INIT_CWD: outerDir,
  };
}

describe('scripts/lib/cacheInstall: an install run from inside npm does not inherit the outer npm', function () {
  this.timeout(120_000);
  let lib: CacheInstall;
  let dir: string;
  let cleanup: () => void;
  before(async () => (lib = await loadCacheInstall()));
  beforeEach(() => ({ dir, cleanup } = makeTempDir('coord-cache-install-')));
  afterEach(() => cleanup());

  it("drops what the outer npm says about itself and keeps the user's settings", () => {
    // The user's: where npm installs from, its cache and config file, Node's options; they must reach the inner
    // npm as they reach the outer one, or an install behind a mirror or offline would go elsewhere.
    const user = {
      PATH: '/usr/bin:/bin',
      HOME: '/home/someone',
      npm_config_registry: 'http://127.0.0.1:4873/',
      npm_config_cache: '/home/someone/.npm',
      npm_config_userconfig: '/home/someone/.npmrc',
      npm_config_nodedir: '/opt/node24',
      NODE_OPTIONS: '--max-old-space-size=4096',
      NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp.pem',
      COORD_VSCODE_CACHE: '/tmp/cache',
    };
    assert.deepEqual(lib.withoutOuterNpm({ ...user, ...outerNpm('/work/outer') }), user);
  });

  it('a real npm install through installFolder: the package sees the inner npm, not the outer one', async () => {
    // A package whose install script records the environment it runs in, packed as npm packs one.
    const probe = join(dir, 'probe', 'package');
    mkdirSync(probe, { recursive: true });
    const manifest = { name: 'coord-env-probe', version: '1.0.0', scripts: { install: 'node record.js' } };
    writeFileSync(join(probe, 'package.json'), JSON.stringify(manifest));
    writeFileSync(
      join(probe, 'record.js'),
      "require('fs').writeFileSync(process.env.COORD_PROBE_OUT, JSON.stringify(process.env));\n",
    );
    const tarball = join(dir, 'coord-env-probe-1.0.0.tgz');
    assert.equal(spawnSync('tar', ['-czf', tarball, '-C', join(dir, 'probe'), 'package']).status, 0);

    const outer = join(dir, 'outer');
    mkdirSync(outer);
    writeFileSync(join(outer, 'package.json'), JSON.stringify({ name: 'outer-project', version: '1.0.0' }));
    const record = join(dir, 'seen.json');
    const userCache = join(dir, 'user-npm-cache');
    const target = join(dir, 'cache', 'probe');
    const env = {
      ...process.env,
      ...outerNpm(outer),
      // Set by the user: kept. An unreachable registry is never asked (the package is a local file).
      npm_config_cache: userCache,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_loglevel: 'silent',
      COORD_PROBE_OUT: record,
    };
    const log: string[] = [];
    await lib.installFolder({
      dir: target,
      name: 'probe',
      dependencies: { 'coord-env-probe': `file:${tarball}` },
      allowScripts: ['coord-env-probe'],
      env,
      log: (line) => log.push(line),
    });
    assert.ok(lib.isInstalled(target), log.join('\n'));
    const seen = JSON.parse(readFileSync(record, 'utf8')) as Record<string, string>;

    // The user agent is what the inner npm adopts when it is not scrubbed (it reads npm_config_* as settings); npm
    // sets the rest (lifecycle, package, NODE, INIT_CWD) afresh for its scripts today: the test above covers them.
    const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8', env: lib.withoutOuterNpm(process.env) });
    assert.equal(seen.npm_config_user_agent?.includes('v0.0.1-outer'), false, seen.npm_config_user_agent);
    assert.match(seen.npm_config_user_agent ?? '', new RegExp(`^npm/${npmVersion.stdout.trim()} node/v\\d`));
    assert.equal(seen.npm_config_local_prefix, realpathSync(target));
    assert.equal(seen.npm_lifecycle_event, 'install');
    assert.equal(seen.npm_package_name, 'coord-env-probe');
    assert.notEqual(seen.NODE, '/outer/bin/node');
    assert.notEqual(seen.npm_node_execpath, '/outer/bin/node');
    assert.equal(realpathSync(seen.INIT_CWD ?? '/'), realpathSync(target));
    // The user's settings reached the inner npm.
    assert.equal(seen.npm_config_cache, userCache);
    assert.equal(seen.npm_config_registry, 'http://127.0.0.1:9/');
    assert.equal(seen.npm_config_loglevel, 'silent');
  });
});
