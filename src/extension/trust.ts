import * as vscode from 'vscode';

/**
 * The one switch for workspace trust. Untrusted, the views still show the tree and this window may still write
 * its own coordination files, but nothing that would run git or make a network request starts (sync, service
 * checks); those features ask here first.
 */
export function mayRunProcessesAndNetwork(): boolean {
  return vscode.workspace.isTrusted;
}

/**
 * Whether language-model tools may change the tree. They act for an AI whose instructions may come from this
 * very repository's content, so an untrusted workspace gets the read-only ones only — unlike a person's own
 * commands, which limited trust still allows.
 */
export function mayAgentToolsWrite(): boolean {
  return vscode.workspace.isTrusted;
}
