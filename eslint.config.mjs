// Lint for the rules a reviewer would otherwise police by hand. The layer rules come from scripts/lib/layers.mjs,
// the same list the architecture test (test/architecture/layers.test.mjs) checks; no file may disable them.
import tseslint from 'typescript-eslint';
import { coreLayers, frontEnds } from './scripts/lib/layers.mjs';

const noDefaultExport = {
  'no-restricted-syntax': [
    'error',
    { selector: 'ExportDefaultDeclaration', message: 'No default exports: name what a module exports.' },
    {
      selector: "ExportSpecifier[exported.name='default']",
      message: 'No default exports: name what a module exports.',
    },
  ],
};

/** For a core layer: every layer above it, in the relative spellings its files use (`../<layer>/…`). */
const coreLayerRules = coreLayers.map((layer, i) => ({
  files: [`src/core/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'vscode', message: 'The core never imports VS Code.' }],
        patterns: [
          ...coreLayers.slice(i + 1).map((above) => ({
            group: [`../${above}/*`, `../../core/${above}/*`],
            message: `${layer} is below ${above}: a layer imports only below it (docs/architecture.md).`,
          })),
          { group: ['../../*', '!../../core'], message: 'The core imports only the core.' },
        ],
      },
    ],
  },
}));

const frontEndFolders = Object.keys(frontEnds).filter((name) => !name.endsWith('.ts'));
const frontEndRules = frontEndFolders.map((name) => ({
  files: [`src/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: frontEnds[name].includes('vscode')
          ? []
          : [{ name: 'vscode', message: `${name} does not speak to VS Code; only the extension does.` }],
        patterns: frontEndFolders
          .filter((other) => other !== name && !frontEnds[name].includes(other))
          .map((other) => ({
            group: [`../${other}/*`, `../../${other}/*`, `../../../${other}/*`],
            message: `${name} may import only ${frontEnds[name].join(', ')}.`,
          })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'media/**', '.tmp/**'] },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { noInlineConfig: true },
    rules: {
      ...noDefaultExport,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  ...coreLayerRules,
  ...frontEndRules,
);
