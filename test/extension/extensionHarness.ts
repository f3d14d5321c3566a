import * as vscode from 'vscode';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { CoordinationApi } from '../../src/extension/api';
import type { CoordinationTestHooks, TestedExtensionExports } from '../../src/extension/testHooks';

export const extensionId = 'session-coordination.session-coordination';

/** The repository root: out/test/extension → ../../.. */
export const repoRoot = resolve(__dirname, '../../..');
export const cliPath = join(repoRoot, 'dist', 'cli.js');

/** What `activate()` returned, exactly: the public API, and the test hooks beside it when run under tests. */
export async function exportsOf(): Promise<CoordinationApi & Partial<TestedExtensionExports>> {
  const ext = vscode.extensions.getExtension<CoordinationApi & Partial<TestedExtensionExports>>(extensionId);
  if (!ext) throw new Error(`extension ${extensionId} is not loaded`);
  return ext.activate();
}

/** The public API and the test hooks as one object (a hook of the same name wins), for the tests. */
export async function api(): Promise<CoordinationApi & CoordinationTestHooks> {
  const exported = await exportsOf();
  if (!exported.testHooks) {
    throw new Error('activate() returned no test hooks: is VS Code running the tests (ExtensionMode.Test)?');
  }
  return { ...exported, ...exported.testHooks };
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri.fsPath;
}

/** Runs the real `coord` CLI as a separate process in the workspace, as an agent in a terminal would. */
export function coord(args: string[], session?: string): { code: number; json: any; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, COORD_ROOT: workspaceRoot() };
  delete env.COORD_SESSION;
  if (session) env.COORD_SESSION = session;
  // The extension host's own Node runs the CLI: it is whatever Node this VS Code ships.
  const r = spawnSync(process.execPath, [cliPath, ...args, '--json'], {
    cwd: workspaceRoot(),
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  return {
    code: r.status ?? -1,
    json: r.stdout.trim() ? JSON.parse(r.stdout) : undefined,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Labels of a view's top-level items, as the tree shows them. */
export async function labels(provider: vscode.TreeDataProvider<unknown>): Promise<string[]> {
  const children = (await provider.getChildren(undefined)) ?? [];
  return Promise.all(children.map(async (c) => labelOf(await provider.getTreeItem(c))));
}

export function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** Makes sure the workspace has a tree and this window a session; returns the session id. */
export async function ensureSession(): Promise<string> {
  const coordination = await api();
  const root = workspaceRoot();
  if (!coordination.roots().some((r) => r.rootPath === root && r.snapshot() !== undefined) && !(await hasTree())) {
    await vscode.commands.executeCommand('coordination.initialize');
  }
  const existing = coordination.roots().find((r) => r.rootPath === root)?.sessionId;
  if (existing) return existing;
  const id = await vscode.commands.executeCommand<string>('coordination.registerSession', {
    name: 'editor',
    role: 'lead',
  });
  if (!id) throw new Error('registerSession returned no id');
  return id;
}

async function hasTree(): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(join(workspaceRoot(), 'docs', 'coordination', 'protocol.json')));
    return true;
  } catch {
    return false;
  }
}
