import * as vscode from 'vscode';

export type MessageNotifications = 'highAndCritical' | 'all' | 'none';

/** The extension's settings, read fresh each time so a change applies without a reload. */
export interface CoordinationSettings {
  root: string;
  sessionName: string;
  sessionRole: string;
  heartbeatIntervalSeconds: number;
  autoHeartbeat: boolean;
  notifyMessages: MessageNotifications;
  claimExpiryWarningMinutes: number;
  warnOnClaimedFileEdit: boolean;
  healthIntervalSeconds: number;
  broadcastFindings: boolean;
  reportEveryRounds: number;
}

export function readSettings(scope?: vscode.Uri): CoordinationSettings {
  const c = vscode.workspace.getConfiguration('coordination', scope);
  return {
    root: c.get<string>('root', ''),
    sessionName: c.get<string>('session.name', ''),
    sessionRole: c.get<string>('session.role', ''),
    heartbeatIntervalSeconds: Math.max(5, c.get<number>('heartbeat.intervalSeconds', 30)),
    autoHeartbeat: c.get<boolean>('heartbeat.auto', true),
    notifyMessages: c.get<MessageNotifications>('notifications.messages', 'highAndCritical'),
    claimExpiryWarningMinutes: Math.max(0, c.get<number>('claims.expiryWarningMinutes', 5)),
    warnOnClaimedFileEdit: c.get<boolean>('claims.warnOnEdit', true),
    healthIntervalSeconds: Math.max(5, c.get<number>('health.intervalSeconds', 30)),
    broadcastFindings: c.get<boolean>('health.broadcastFindings', false),
    reportEveryRounds: Math.max(0, Math.floor(c.get<number>('reports.everyRounds', 10))),
  };
}
