import { fork } from 'node:child_process';
import { watch, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, ensureSession, repoRoot, workspaceRoot } from '../extension/extensionHarness';

/**
 * The extension's figures, measured inside a real VS Code extension host (run by scripts/bench/extensionFigures.mjs
 * through the same runner as the extension tests): activate() time, how soon a file written by another process
 * reaches the Sessions view (against how soon the raw file watch hears of it), and getChildren at 1,000 sessions
 * and 5,000 claims (against listing the same folders). Results go to $COORD_BENCH_OUT as JSON.
 */
export async function run(): Promise<void> {
  const out = process.env.COORD_BENCH_OUT;
  if (!out) throw new Error('COORD_BENCH_OUT is not set');
  const coordination = await api();
  await vscode.commands.executeCommand('coordination.initialize');
  await ensureSession();
  const results: Record<string, number> = { activationMs: coordination.activationMs };

  // Latency: a writer process renames a session file into place on request; the view provider's change event
  // (and, as the baseline, a raw fs.watch on the same folder) is timed from the moment the rename returned.
  const sessionsDir = join(workspaceRoot(), 'docs', 'coordination', 'sessions');
  const writer = fork(join(__dirname, 'sessionWriter.js'), [sessionsDir], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const viewLatencies: number[] = [];
  const watchLatencies: number[] = [];
  let pending: { id: string; writtenAt?: number; viewAt?: number; watchAt?: number; done: () => void } | undefined;
  const settle = () => {
    if (pending?.writtenAt !== undefined && pending.viewAt !== undefined && pending.watchAt !== undefined) {
      viewLatencies.push(pending.viewAt - pending.writtenAt);
      watchLatencies.push(pending.watchAt - pending.writtenAt);
      pending.done();
    }
  };
  const raw = watch(sessionsDir, (_event, file) => {
    if (pending && file === `${pending.id}.json` && pending.watchAt === undefined) {
      pending.watchAt = Date.now();
      settle();
    }
  });
  const viewSubscription = coordination.views.sessions.onDidChangeTreeData!(() => {
    if (!pending || pending.viewAt !== undefined) return;
    const root = coordination.roots()[0];
    if (root?.snapshot()?.sessions.some((s) => s.session.id === pending!.id)) {
      pending.viewAt = Date.now();
      settle();
    }
  });
  writer.on('message', (m: { id: string; writtenAt: number }) => {
    if (pending && pending.id === m.id) {
      pending.writtenAt = m.writtenAt;
      settle();
    }
  });
  for (let i = 0; i < 200; i++) {
    const id = `latency-${i}-x${i.toString(36)}`;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`write ${i} never reached the view`)), 10_000);
      pending = {
        id,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      writer.send({ id });
    });
    // Keep writes apart, as an agent's are: the debounce is for bursts, the figure is one change's path.
    await new Promise((r) => setTimeout(r, 60));
  }
  viewSubscription.dispose();
  raw.close();
  writer.kill();
  results.viewLatencyP95Ms = percentile(viewLatencies, 0.95);
  results.watchLatencyP95Ms = percentile(watchLatencies, 0.95);

  // Scale: the generator writes 1,000 sessions and 5,000 claims into the workspace, then the views read them.
  const { generateTree } = (await import(join(repoRoot, 'scripts', 'lib', 'generateTree.mjs'))) as {
    generateTree: (root: string, o: object) => unknown;
  };
  generateTree(workspaceRoot(), { sessions: 1000, claims: 5000, messages: 2000, focusMessages: 100 });
  await vscode.commands.executeCommand('coordination.refresh');
  const root = coordination.roots()[0]!;
  const sessionsView = coordination.views.sessions;
  const claimsView = coordination.views.claims;
  const timings = { sessions: [] as number[], claims: [] as number[], listing: [] as number[] };
  for (let i = 0; i < 7; i++) {
    root.snapshot();
    let t = performance.now();
    await sessionsView.getChildren(undefined);
    timings.sessions.push(performance.now() - t);
    t = performance.now();
    const types = (await claimsView.getChildren(undefined)) ?? [];
    for (const type of types) await claimsView.getChildren(type);
    timings.claims.push(performance.now() - t);
    t = performance.now();
    readdirSync(sessionsDir);
    for (const type of readdirSync(join(workspaceRoot(), 'docs', 'coordination', 'claims')))
      readdirSync(join(workspaceRoot(), 'docs', 'coordination', 'claims', type));
    timings.listing.push(performance.now() - t);
    // A new snapshot each round, as the views see after a change.
    await new Promise((r) => setTimeout(r, 1100));
  }
  results.sessionsGetChildrenMs = median(timings.sessions);
  results.claimsGetChildrenMs = median(timings.claims);
  results.listingMs = median(timings.listing);
  results.sessions = root.snapshot()?.sessions.length ?? 0;
  results.claims = root.snapshot()?.claims.length ?? 0;
  writeFileSync(out, JSON.stringify(results));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

function median(values: number[]): number {
  return percentile(values, 0.5);
}
