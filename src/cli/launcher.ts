import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module = require('node:module');
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * `coord` itself (dist/cli.js): runs the bundle (dist/coord.js) through V8's code cache. A short CLI spends a
 * third of its own time compiling its bundle; the cache (in the user's cache folder, keyed by the bundle's
 * version, size and time, and by command) skips that from the second run on. Without a writable cache folder it just runs.
 */
declare const COORD_VERSION: string;

const bundle = join(__dirname, 'coord.js');
const source = readFileSync(bundle, 'utf8');
const stat = statSync(bundle);
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'session-coordination', 'v8');
// One cache per command: V8 caches the functions a run compiled, and each command runs different ones.
const command = /^[a-z]{1,20}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
const cacheFile = join(
  cacheDir,
  `coord-${COORD_VERSION}-${stat.size}-${Math.floor(stat.mtimeMs)}-${process.version}-${command}.bin`,
);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
if (!cachedData || script.cachedDataRejected) {
  // After the command ran, so the cache also holds the functions it compiled lazily.
  process.once('exit', () => {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // A read-only home or a full disk: the next run compiles again, nothing else changes.
    }
  });
}
const bundleModule = new Module(bundle, module);
bundleModule.filename = bundle;
bundleModule.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
  dirname(bundle),
);
(script.runInThisContext() as (...args: unknown[]) => void).call(
  bundleModule.exports,
  bundleModule.exports,
  Module.createRequire(bundle),
  bundleModule,
  bundle,
  dirname(bundle),
);
