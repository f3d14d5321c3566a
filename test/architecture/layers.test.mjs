import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { coreLayers, layerViolations, readImportGraph } from '../../scripts/lib/layers.mjs';

// The rules of docs/architecture.md, read from the imports themselves: the core's folders are layers that import
// only below them, front ends import what scripts/lib/layers.mjs lists, and no folders import each other in a
// cycle. There is no list of exceptions: a crossing is fixed by moving code, never by listing it here.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const edges = readImportGraph(root);

test('the source tree keeps its layers: no import upward, none out of its front end, no folder cycle', () => {
  assert.ok(edges.length > 500, `read only ${edges.length} imports`);
  const seen = new Set(edges.map((e) => e.from).filter((u) => u.startsWith('core/')).map((u) => u.slice(5)));
  assert.deepEqual([...seen].sort(), [...coreLayers].sort(), 'every layer folder exists and is listed');
  assert.deepEqual(layerViolations(edges), []);
});

// The checker is trusted only because it fails on the crossings it exists to catch, added to the real graph.
test('catches a store file importing the operations layer (a layer crossed upward)', () => {
  const crossing = { from: 'core/store', to: 'core/operations', file: 'src/core/store/atomicFile.ts', specifier: '../operations/claimWork' };
  const problems = layerViolations([...edges, crossing]);
  assert.ok(problems.some((p) => p.startsWith("src/core/store/atomicFile.ts imports '../operations/claimWork': core/store is below core/operations")), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('folder cycle:') && p.includes('core/store') && p.includes('core/operations')), problems.join('\n'));
});

test('catches the core importing VS Code or a front end, and front ends importing each other against the list', () => {
  const added = [
    { from: 'core/views', to: 'vscode', file: 'src/core/views/status.ts', specifier: 'vscode' },
    { from: 'core/sync', to: 'cli', file: 'src/core/sync/syncNow.ts', specifier: '../../cli/output' },
    { from: 'agentTools', to: 'mcp', file: 'src/agentTools/claimTool.ts', specifier: '../mcp/mcpServer' },
    { from: 'cli', to: 'vscode', file: 'src/cli/main.ts', specifier: 'vscode' },
  ];
  const problems = layerViolations([...edges, ...added]);
  for (const edge of added) assert.ok(problems.some((p) => p.startsWith(`${edge.file} imports '${edge.specifier}'`)), `${edge.file}: ${problems.join('\n')}`);
  assert.ok(problems.some((p) => /^folder cycle: .*agentTools.*mcp|^folder cycle: .*mcp.*agentTools/.test(p)), problems.join('\n'));
});

test('catches a cycle between two domain folders (the 7-folder cycle this tree had)', () => {
  const back = { from: 'core/sessions', to: 'core/claims', file: 'src/core/sessions/sessions.ts', specifier: '../claims/claims' };
  const problems = layerViolations([...edges, back]);
  assert.ok(problems.some((p) => p.includes('core/sessions is below core/claims')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('folder cycle:') && p.includes('core/sessions') && p.includes('core/claims')), problems.join('\n'));
});
