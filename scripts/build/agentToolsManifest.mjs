// Writes package.json's `languageModelTools` from the agent tools' definitions (src/agentTools), which VS Code
// needs declared statically; test/agentTools/manifest.test.ts fails when the two differ. Run `npm run compile`
// first: it reads the compiled definitions in out/.
//
//   node scripts/build/agentToolsManifest.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { languageModelToolsManifest } = require('../../out/src/agentTools/lmToolManifest.js');
const file = new URL('../../package.json', import.meta.url);
const text = readFileSync(file, 'utf8');
const pkg = JSON.parse(text);
pkg.contributes.languageModelTools = languageModelToolsManifest();
// The file keeps non-ASCII characters escaped, as it is written elsewhere.
const out = JSON.stringify(pkg, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(file, `${out}\n`);
console.log(`package.json: ${pkg.contributes.languageModelTools.length} language-model tools`);
