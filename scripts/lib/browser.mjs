// The browser that the page tests, the drive of code-server and CI's `npm start` check launch with playwright-core:
// Chromium's headless shell as @sparticuz/chromium ships it inside its npm package, so a machine needs no system
// package and nothing is downloaded from anywhere but the npm registry. Beyond glibc the binary needs only NSS, NSPR
// and expat, which the package carries too (its al2023 archive, put on LD_LIBRARY_PATH); text needs fonts, which
// come from npm as well (DejaVu, Debian's default), named in a fontconfig file of our own — a bare machine has none.
// Installed on first use into the tool cache (scripts/lib/cacheInstall.mjs); the package's brotli archives are
// unpacked there once, inside the same lock and before the marker, so suites starting together neither race nor
// find a half-unpacked browser.
//
//   node scripts/lib/browser.mjs      installs if needed, prints the paths as JSON
//
// Env: COORD_CHROMIUM=/path/to/chrome launches that browser instead, with the machine's own libraries and fonts.
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { cacheRoot, installFolder, mustExist } from './cacheInstall.mjs';

// 153 is the newest release; playwright-core 1.65 drives it (checked by the page, code-server and dashboard suites).
// Its engines field asks for Node 22, which concerns only its JavaScript: this file never loads that, it unpacks the
// archives itself, so Node 20 is fine and npm's EBADENGINE warning is kept out of the install's output.
export const CHROMIUM_PACKAGE_VERSION = '153.0.0';
export const FONTS_PACKAGE_VERSION = '2.37.3';

/**
 * How every script here launches Chromium: headless, and kept from reaching out to Google's services, which have no
 * route from these machines and only add delays and log noise.
 */
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where everything is (whether or not it is installed yet). */
export function browserPaths(root = cacheRoot()) {
  // The version is in the folder's name, so a new one installs beside the old one.
  const dir = join(root, `chromium-${CHROMIUM_PACKAGE_VERSION}`);
  const unpacked = join(dir, 'unpacked');
  return {
    dir,
    archives: join(dir, 'node_modules', '@sparticuz', 'chromium', 'bin'),
    fontsDir: join(dir, 'node_modules', 'dejavu-fonts-ttf', 'ttf'),
    unpacked,
    executable: join(unpacked, 'chromium'),
    libDir: join(unpacked, 'al2023', 'lib'),
    fontsConf: join(unpacked, 'fonts.conf'),
  };
}

/** Installs the browser on first use (later calls only check) and returns browserPaths(). */
export async function ensureBrowser({ log = (m) => console.error(`[install] ${m}`) } = {}) {
  const paths = browserPaths();
  await installFolder({
    dir: paths.dir,
    name: `chromium-${CHROMIUM_PACKAGE_VERSION}`,
    dependencies: { '@sparticuz/chromium': CHROMIUM_PACKAGE_VERSION, 'dejavu-fonts-ttf': FONTS_PACKAGE_VERSION },
    env: { ...process.env, npm_config_loglevel: 'error' },
    log,
    prepare: () => unpack(paths),
    verify: () => {
      for (const file of [paths.executable, join(paths.libDir, 'libnss3.so'), join(paths.fontsDir, 'DejaVuSans.ttf')]) {
        mustExist(file, 'the browser install is incomplete');
      }
    },
  });
  writeFontsConf(paths);
  return paths;
}

/** Written at each use, not only at the install, so that a change to it reaches a browser installed before. */
function writeFontsConf(paths) {
  const text = fontsConf(paths);
  if (existsSync(paths.fontsConf) && readFileSync(paths.fontsConf, 'utf8') === text) return;
  // Beside it, then renamed over it: a browser starting meanwhile reads the old file or the new, never half of one.
  const temp = `${paths.fontsConf}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, paths.fontsConf);
}

/**
 * The options for playwright-core's `chromium.launch()`: the npm browser (installed first if need be) with its own
 * libraries and fonts, or the one COORD_CHROMIUM names.
 */
export async function chromiumLaunchOptions({ log } = {}) {
  const common = { headless: true, args: LAUNCH_ARGS };
  if (process.env.COORD_CHROMIUM) return { ...common, executablePath: process.env.COORD_CHROMIUM };
  const paths = await ensureBrowser({ log });
  return { ...common, executablePath: paths.executable, env: browserEnv(paths) };
}

/** The environment the npm browser runs in: its own libraries first, and only the fonts named in its fonts.conf. */
export function browserEnv(paths, env = process.env) {
  const libraryPath = [paths.libDir, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { ...env, LD_LIBRARY_PATH: libraryPath, FONTCONFIG_FILE: paths.fontsConf };
}

async function unpack(paths) {
  mkdirSync(join(paths.unpacked, 'al2023'), { recursive: true });
  await pipeline(
    createReadStream(join(paths.archives, 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(paths.executable, { mode: 0o755 }),
  );
  // tar-fs is the package's own dependency, installed beside it.
  const tar = createRequire(join(paths.dir, 'package.json'))('tar-fs');
  for (const [archive, into] of [
    ['al2023.tar.br', join(paths.unpacked, 'al2023')],
    // SwiftShader's libraries go beside the binary, where it looks for them.
    ['swiftshader.tar.br', paths.unpacked],
  ]) {
    await pipeline(createReadStream(join(paths.archives, archive)), createBrotliDecompress(), tar.extract(into));
  }
}

/**
 * Only the npm fonts, so pages render alike on every machine — and at all on a bare one, where no fontconfig file
 * exists and Chromium draws no text. As Debian's own configuration does (49-sansserif.conf), a family not found
 * falls back to sans-serif: VS Code's UI font lists start with names no Linux machine has ("Segoe WPC", system-ui),
 * and without the rule fontconfig answers them with whichever font it lists first (DejaVu Serif, in regular only).
 * Then the generic families, and the short names Chromium uses for its own defaults, map to DejaVu.
 */
function fontsConf(paths) {
  const alias = (generic, family) =>
    `  <alias binding="same"><family>${generic}</family><prefer><family>${family}</family></prefer></alias>`;
  const notGeneric = ['sans-serif', 'serif', 'monospace'].map(
    (g) => `    <test qual="all" name="family" compare="not_eq"><string>${g}</string></test>`,
  );
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<!-- Written by scripts/lib/browser.mjs for the npm Chromium of the tests; safe to delete with its folder. -->',
    '<fontconfig>',
    `  <dir>${xmlText(paths.fontsDir)}</dir>`,
    `  <cachedir>${xmlText(join(paths.unpacked, 'fontconfig-cache'))}</cachedir>`,
    alias('sans', 'sans-serif'),
    alias('mono', 'monospace'),
    alias('system-ui', 'sans-serif'),
    '  <match target="pattern">',
    ...notGeneric,
    '    <edit name="family" mode="append_last"><string>sans-serif</string></edit>',
    '  </match>',
    alias('sans-serif', 'DejaVu Sans'),
    alias('serif', 'DejaVu Serif'),
    alias('monospace', 'DejaVu Sans Mono'),
    '</fontconfig>',
    '',
  ].join('\n');
}

// A cache folder under a HOME such as /home/a&b must not break the file.
function xmlText(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const paths = await ensureBrowser();
  console.log(JSON.stringify(paths, null, 2));
}
