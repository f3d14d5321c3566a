import * as vscode from 'vscode';
import { formatDuration } from '../core/store/durationText';
import type { CoordinationWorkspace } from './coordinationWorkspace';
import type { SyncController } from './syncController';
import type { RootSyncState } from './rootSync';

/**
 * The sync indicator: what the last round did and when, what waits to go out (ahead) or come in (behind), the
 * error and the next try; a spinning icon while a round runs. Hidden where sync does not apply (no git,
 * untrusted, turned off). A click syncs now.
 */
export class SyncStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('coordination.sync', vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly workspace: CoordinationWorkspace,
    private readonly sync: SyncController,
  ) {
    this.item.name = 'Coordination Sync';
    this.item.command = 'coordination.syncNow';
    this.subscriptions = [sync.onDidChange(() => this.update())];
  }

  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  start(): void {
    // Ages ("2m ago") move on their own; once every 15 s is enough for minutes.
    this.timer ??= setInterval(() => this.update(), 15_000);
    this.update();
  }

  update(): void {
    const root = this.workspace.all().find((r) => r.isLoaded && this.sync.state(r) !== undefined);
    const state = root ? this.sync.state(root) : undefined;
    if (!root || !state) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.visible = true;
    this.item.text = textOf(state);
    this.item.backgroundColor =
      state.error || state.last?.outcome === 'gave-up'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.appendMarkdown('**Coordination sync** ');
    md.appendText(
      `${root.label}${state.last ? ` — ${state.last.mode === 'local' ? 'this repository' : state.last.remote}/${state.last.branch}` : ''}`,
    );
    md.appendMarkdown('  \n');
    const last = state.last;
    if (state.running) md.appendMarkdown('$(sync~spin) A round is running  \n');
    if (last) {
      md.appendText(
        `Last round: ${last.outcome}, ${formatDuration(Date.now() - Date.parse(last.startedAt))} ago${last.reason ? ` — ${last.reason}` : ''}`,
      );
      md.appendMarkdown('  \n');
      md.appendText(
        `Received ${last.fetched}, merged ${last.merged}, pushed ${last.pushed}; ahead ${last.ahead}, behind ${last.behind ?? 'unknown'}`,
      );
      md.appendMarkdown('  \n');
      if (last.claims.pending.length) {
        md.appendText(`Pending claims: ${last.claims.pending.join(', ')}`);
        md.appendMarkdown('  \n');
      }
      if (last.diagnostics.length) {
        md.appendText(`${last.diagnostics.length} problem(s) — see the Coordination log`);
        md.appendMarkdown('  \n');
      }
    } else md.appendMarkdown('No round yet  \n');
    if (state.error) {
      md.appendText(`Error: ${state.error}`);
      md.appendMarkdown('  \n');
    }
    if (state.loopElsewhere) {
      md.appendText(`The sync loop runs in ${state.loopElsewhere}; this window syncs when you ask.`);
      md.appendMarkdown('  \n');
    } else if (state.nextRunAt) {
      md.appendText(`Next round in ${formatDuration(state.nextRunAt - Date.now())}`);
      md.appendMarkdown('  \n');
    }
    md.appendMarkdown('Click to sync now');
    this.item.tooltip = md;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

function textOf(state: RootSyncState): string {
  if (state.running) return '$(sync~spin) Syncing';
  const last = state.last;
  if (state.error || last?.outcome === 'gave-up') return '$(warning) Sync';
  if (!last) return '$(sync) Sync';
  const age = formatDuration(Date.now() - Date.parse(last.startedAt) - last.durationMs);
  if (last.outcome === 'offline') return `$(cloud-offline) Offline${last.ahead ? ` · ${last.ahead}↑` : ''}`;
  if (last.outcome === 'busy' || last.outcome === 'disabled') return '$(sync) Sync';
  return `$(cloud) ${age}${last.ahead ? ` · ${last.ahead}↑` : ''}`;
}
