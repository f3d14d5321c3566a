// The layers of the source tree, in one place: the architecture test (test/architecture/layers.test.mjs) and the
// lint configuration (eslint.config.mjs) both read them. docs/architecture.md draws them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** `src/core`'s folders from the bottom up: each imports only folders before it in this list (and itself). */
export const coreLayers = [
  'store', 'records', 'loops', 'sessions', 'messages', 'claims', 'work', 'sync', 'views', 'health', 'agents', 'operations',
];

/**
 * The front ends (the other folders of `src`, and the composition root `src/extension.ts`), each with what it may
 * import besides itself. Only the extension and its composition root speak to VS Code.
 */
export const frontEnds = {
  agentTools: ['core'],
  mcp: ['core', 'agentTools'],
  cli: ['core', 'agentTools', 'mcp'],
  dashboard: ['core'],
  extension: ['core', 'agentTools', 'dashboard', 'vscode'],
  'extension.ts': ['core', 'agentTools', 'dashboard', 'extension', 'vscode'],
};

/** The unit a file belongs to: `core/<layer>`, a front-end folder, or `extension.ts`. */
export function unitOf(srcRelative) {
  const parts = srcRelative.split(/[\\/]/);
  if (parts[0] === 'core') return parts.length > 2 ? `core/${parts[1]}` : 'core';
  return parts[0];
}

/** Every import of every `.ts` file under `src`: [{ from, to, file, specifier }] with units, `vscode` as its own unit. */
export function readImportGraph(root) {
  const src = join(root, 'src');
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(src);
  const edges = [];
  for (const file of files) {
    const from = unitOf(relative(src, file));
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      let to;
      if (fileName === 'vscode') to = 'vscode';
      else if (fileName.startsWith('.')) {
        const target = relative(src, resolve(dirname(file), fileName));
        to = target.startsWith('..') ? 'outside src' : unitOf(target);
      } else continue;
      edges.push({ from, to, file: relative(root, file).split(sep).join('/'), specifier: fileName });
    }
  }
  return edges;
}

/**
 * What breaks the layers in a graph: an import upward or sideways between core layers, a core file reaching out of
 * core (or to VS Code), a front end importing what its entry does not list, and any cycle between units.
 */
export function layerViolations(edges) {
  const problems = [];
  for (const edge of edges) {
    const { from, to } = edge;
    if (from === to) continue;
    const where = `${edge.file} imports '${edge.specifier}'`;
    if (from.startsWith('core')) {
      if (!to.startsWith('core')) problems.push(`${where}: the core imports only the core (${to})`);
      else if (from === 'core' || to === 'core') problems.push(`${where}: every core file belongs to a layer folder`);
      else {
        const [a, b] = [coreLayers.indexOf(from.slice(5)), coreLayers.indexOf(to.slice(5))];
        if (a < 0 || b < 0) problems.push(`${where}: ${a < 0 ? from : to} is not a layer of scripts/lib/layers.mjs`);
        else if (b > a) problems.push(`${where}: ${from} is below ${to} (store → … → operations; a layer imports only below it)`);
      }
      continue;
    }
    const allowed = frontEnds[from];
    const target = to.startsWith('core') ? 'core' : to;
    if (!allowed) problems.push(`${where}: ${from} is not a front end of scripts/lib/layers.mjs`);
    else if (!allowed.includes(target)) problems.push(`${where}: ${from} may import only ${allowed.join(', ')}`);
  }
  for (const cycle of unitCycles(edges)) problems.push(`folder cycle: ${cycle.join(' → ')} → ${cycle[0]}`);
  return problems;
}

/** Strongly connected groups of more than one unit (Tarjan), each as a list of units. */
export function unitCycles(edges) {
  const next = new Map();
  for (const { from, to } of edges) {
    if (from === to) continue;
    if (!next.has(from)) next.set(from, new Set());
    next.get(from).add(to);
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  let counter = 0;
  const visit = (unit) => {
    index.set(unit, counter);
    low.set(unit, counter++);
    stack.push(unit);
    onStack.add(unit);
    for (const to of next.get(unit) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(unit, Math.min(low.get(unit), low.get(to)));
      } else if (onStack.has(to)) low.set(unit, Math.min(low.get(unit), index.get(to)));
    }
    if (low.get(unit) === index.get(unit)) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        group.push(member);
      } while (member !== unit);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const unit of next.keys()) if (!index.has(unit)) visit(unit);
  return cycles;
}
