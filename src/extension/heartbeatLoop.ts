import * as vscode from 'vscode';
import { heartbeat } from '../core/claims/sessionLifecycle';
import type { CoordinationWorkspace } from './coordinationWorkspace';
import { activeFileTarget } from './commands/sessionCommands';
import { readSettings } from './settings';

/**
 * While the window is open its sessions beat on their own (setting), which also renews their claims. Started
 * lazily once a root with this window's session is loaded; beats are quick synchronous writes, so they never
 * overlap; failures are logged and, after three in a row, shown once.
 */
export class HeartbeatLoop implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private intervalSeconds = 0;
  private failures = 0;

  constructor(
    private readonly workspace: CoordinationWorkspace,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** (Re)starts or stops the loop to match the settings and whether any session exists. */
  update(): void {
    const settings = readSettings();
    const wanted = settings.autoHeartbeat && this.workspace.withSession().length > 0;
    if (!wanted) return this.stop();
    if (this.timer && this.intervalSeconds === settings.heartbeatIntervalSeconds) return;
    this.stop();
    this.intervalSeconds = settings.heartbeatIntervalSeconds;
    this.timer = setInterval(() => this.beat(), this.intervalSeconds * 1000);
    this.log.info(`Auto-heartbeat every ${this.intervalSeconds}s`);
    this.beat();
  }

  beat(): void {
    for (const root of this.workspace.withSession()) {
      const id = root.sessionId;
      if (!id) continue;
      try {
        const previous = root.snapshot()?.sessions.find((s) => s.session.id === id)?.session.heartbeat ?? {};
        const target = activeFileTarget(root.rootPath);
        const result = heartbeat(root.ctx, id, target ? { ...previous, action: 'editing', target } : previous);
        root.refreshPaths([
          root.ctx.layout.sessionFile(id),
          ...result.renewed.map((c) => root.ctx.layout.claimFile(c.type, c.name)),
        ]);
        this.failures = 0;
      } catch (error) {
        this.failures++;
        this.log.warn(
          `Heartbeat of ${id} failed (${this.failures} in a row): ${error instanceof Error ? error.message : String(error)}`,
        );
        if (this.failures === 3) {
          void vscode.window
            .showWarningMessage(
              `Coordination: heartbeats of ${id} keep failing; other sessions will see it as stale.`,
              'Show Log',
            )
            .then((c) => {
              if (c) this.log.show();
            });
        }
      }
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
  }
}
