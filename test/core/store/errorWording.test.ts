import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const coreDir = join(repoRoot, 'src', 'core');

/** The core's ways to make an error: their text reaches every front end, so it names no front end's syntax. */
const errorMakers = new Set(['refused', 'usageError', 'badTree']);

/** A CLI flag, a `coord …` command, or code quoted for a terminal: the CLI's words, worded by src/cli/remedyHint.ts. */
const cliSyntax: { name: string; pattern: RegExp }[] = [
  { name: 'a flag', pattern: /(^|[^A-Za-z0-9-])--[a-z]/ },
  { name: 'a coord command', pattern: /\bcoord [a-z<]/ },
  { name: 'a backquoted command', pattern: /`/ },
];

interface ErrorText {
  where: string;
  text: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every piece of literal text in an argument: strings, template parts, both sides of `a ? b : c`, `a + b`. */
function literalTexts(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    return [
      node.head.text,
      ...node.templateSpans.flatMap((span) => [...literalTexts(span.expression), span.literal.text]),
    ];
  }
  const texts: string[] = [];
  node.forEachChild((child) => {
    texts.push(...literalTexts(child));
  });
  return texts;
}

function errorTexts(file: string): ErrorText[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: ErrorText[] = [];
  const visit = (node: ts.Node): void => {
    const maker =
      (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && errorMakers.has(node.expression.text)) ||
      (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'CoordError');
    if (maker) {
      const call = node as ts.CallExpression | ts.NewExpression;
      const line = source.getLineAndCharacterOfPosition(call.getStart(source)).line + 1;
      for (const argument of call.arguments ?? []) {
        for (const text of literalTexts(argument)) found.push({ where: `${relative(repoRoot, file)}:${line}`, text });
      }
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

describe("core error wording: no front end's syntax in the core's errors", () => {
  const texts = tsFiles(coreDir).flatMap(errorTexts);

  it('finds the error texts of the core (the scan itself works)', () => {
    assert.ok(texts.length > 80, `only ${texts.length} texts found`);
    assert.ok(
      texts.some((t) => t.text.includes('is not a duration')),
      'the duration error was not found',
    );
  });

  it('no message or hint of a core error has a CLI flag, a coord command or a backquoted command', () => {
    const bad = texts.flatMap(({ where, text }) =>
      cliSyntax
        .filter(({ pattern }) => pattern.test(text))
        .map(({ name }) => `${where}: ${name} in ${JSON.stringify(text)}`),
    );
    assert.deepEqual(bad, []);
  });
});
