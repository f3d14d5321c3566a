import * as vscode from 'vscode';
import type { ClaimView } from '../../core/claims/claimView';
import { findClaim, renewClaim } from '../../core/claims/claims';
import { formatDuration } from '../../core/store/durationText';
import type { CoordinationRoot } from '../coordinationRoot';
import { askLease, askSlug, askText } from '../inputs';
import { registerCommand } from './commandRunner';
import { requireRoot, requireSession, type CommandDeps } from './commandDeps';
import { workClaimType } from '../../core/work/work';
import { refused } from '../../core/store/errors';
import { claimLabel } from '../../core/claims/claimView';
import { pathClaimType, resolvePathClaimName } from '../../core/claims/pathClaims';
import { normalizePathGlob } from '../../core/records/pathGlob';
import { fileInRoot } from '../pathClaims/claimedFiles';
import { claimThroughAuthority, releaseThroughAuthority } from './claimOperations';
import { claimOutcomeText } from '../../core/claims/claimOutcomeText';

/** What a tree item hands to a claim command when invoked from a view. */
interface ClaimArgument {
  root: CoordinationRoot;
  view: ClaimView;
}

export function registerClaimCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log } = deps;
  return [
    registerCommand(
      log,
      'coordination.claim',
      async (arg?: { type: string; name: string; ttlSeconds?: number; reason?: string; shared?: boolean }) => {
        const root = await requireRoot(deps, 'Claim Work');
        if (!root) return;
        const id = requireSession(root);
        if (arg?.type && arg.name) {
          const result = await claimThroughAuthority(deps, root, id, arg.type, arg.name, {
            ...(arg.ttlSeconds ? { ttlSeconds: arg.ttlSeconds } : {}),
            ...(arg.reason ? { reason: arg.reason } : {}),
            ...(arg.shared ? { shared: true } : {}),
          });
          root.refreshPaths([root.ctx.layout.claimFile(result.claim.type, result.claim.name)]);
          return result.outcome;
        }
        const snapshot = root.snapshot();
        const ready = snapshot?.work.filter((w) => w.state === 'ready') ?? [];
        const picked = await vscode.window.showQuickPick(
          [
            {
              label: '$(add) New claim…',
              description: 'a type and a name of your choosing',
              target: undefined as { type: string; name: string } | undefined,
            },
            {
              label: '$(files) Files…',
              description: 'a glob of files, e.g. src/core/**',
              target: { type: pathClaimType, name: '' },
            },
            ...ready.map((w) => ({
              label: w.item.title,
              description: `P${w.item.priority} · work/${w.item.id}`,
              target: { type: workClaimType, name: w.item.id },
            })),
          ],
          {
            title: 'Claim Work',
            placeHolder: ready.length
              ? 'Pick an open work item, or make a new claim'
              : 'No open work items — make a new claim',
          },
        );
        if (!picked) return;
        let target = picked.target;
        let reason: string | undefined = target ? picked.label : undefined;
        if (target?.type === pathClaimType) return claimFiles(deps, root, id, undefined);
        if (!target) {
          const type = await askSlug('Claim Work (1/4)', 'Claim type, e.g. issue, module, file', 'issue');
          if (!type) return;
          const name = await askSlug('Claim Work (2/4)', `Name within ${type}, e.g. 42 or auth`);
          if (!name) return;
          reason = await askText('Claim Work (3/4)', 'Reason (optional): what you are doing with it', {
            optional: true,
            maxLength: 500,
          });
          if (reason === undefined) return;
          target = { type, name };
        }
        const ttl = await askLease('Claim Work (4/4)', root.ctx.config.defaultTtlSeconds);
        if (!ttl) return;
        const result = await claimThroughAuthority(deps, root, id, target.type, target.name, {
          ttlSeconds: ttl,
          ...(reason ? { reason } : {}),
        });
        root.refreshPaths([root.ctx.layout.claimFile(result.claim.type, result.claim.name)]);
        const how = claimOutcomeText(result);
        if (result.confirmation?.confirmation === 'pending') {
          void vscode.window.showWarningMessage(
            `${target.type}/${target.name}: PENDING, not yet yours — ${result.confirmation.reason}. The next sync confirms it or withdraws it (and tells you).`,
          );
        } else {
          void vscode.window.showInformationMessage(
            `${target.type}/${target.name}: ${how} for ${formatDuration(ttl * 1000)}${result.confirmation ? ', confirmed on the remote' : ''}.`,
          );
        }
      },
    ),

    // From the explorer's context menu: the clicked file or folder, or every selected one.
    registerCommand(log, 'coordination.claimFiles', async (clicked?: vscode.Uri, selected?: vscode.Uri[]) => {
      const uris = selected?.length ? selected : clicked ? [clicked] : [];
      if (uris.length === 0) {
        const root = await requireRoot(deps, 'Claim Files');
        return root ? claimFiles(deps, root, requireSession(root), undefined) : undefined;
      }
      const file = fileInRoot(deps.workspace, uris[0]!);
      if (!file)
        throw refused(`${uris[0]!.fsPath} is not inside a folder with a coordination tree`, undefined, undefined, {
          action: 'init-tree',
        });
      const root = await requireRoot(deps, 'Claim Files', file.root);
      if (!root) return;
      const globs = uris
        .map((uri) => fileInRoot(deps.workspace, uri))
        .filter((f) => f?.root === root)
        .map((f) => f!.relPath);
      return claimFiles(deps, root, requireSession(root), globs);
    }),

    registerCommand(
      log,
      'coordination.claimWorkItem',
      async (node?: { root: CoordinationRoot; view: { item: { id: string; title: string } } }) => {
        if (!node) return vscode.commands.executeCommand('coordination.claim');
        const root = await requireRoot(deps, 'Claim Work', node.root);
        if (!root) return;
        const id = requireSession(root);
        const result = await claimThroughAuthority(deps, root, id, workClaimType, node.view.item.id, {
          reason: node.view.item.title.slice(0, 500),
        });
        root.refreshPaths([root.ctx.layout.claimFile(workClaimType, node.view.item.id)]);
        vscode.window.setStatusBarMessage(
          `$(lock) Claimed work/${node.view.item.id}${result.confirmation?.confirmation === 'pending' ? ' (pending: not yet yours)' : ''}`,
          3000,
        );
      },
    ),

    registerCommand(log, 'coordination.renewClaim', async (arg?: ClaimArgument | { type: string; name: string }) => {
      const target = await pickClaim(deps, 'Renew Claim', arg, 'own');
      if (!target) return;
      const id = requireSession(target.root);
      const claim = renewClaim(target.root.ctx, id, target.view.claim.type, target.view.claim.name);
      target.root.refreshPaths([target.view.path]);
      vscode.window.setStatusBarMessage(
        `$(lock) Renewed ${claimLabel(claim)} for ${formatDuration(claim.ttl * 1000)}`,
        3000,
      );
    }),

    registerCommand(log, 'coordination.releaseClaim', async (arg?: ClaimArgument | { type: string; name: string }) => {
      const target = await pickClaim(deps, 'Release Claim', arg, 'own');
      if (!target) return;
      const id = requireSession(target.root);
      await releaseThroughAuthority(deps, target.root, id, target.view.claim.type, target.view.claim.name, false);
      target.root.refreshPaths([target.view.path]);
      vscode.window.setStatusBarMessage(`$(unlock) Released ${claimLabel(target.view.claim)}`, 3000);
    }),

    registerCommand(
      log,
      'coordination.forceReleaseClaim',
      async (arg?: ClaimArgument | { type: string; name: string }) => {
        const target = await pickClaim(deps, 'Force-Release Claim', arg, 'others');
        if (!target) return;
        const id = requireSession(target.root);
        const { claim } = target.view;
        // A caller that names the claim ({ type, name }) has decided already; a person clicking is asked.
        const fromCaller = arg !== undefined && !('view' in arg);
        const confirm = fromCaller
          ? 'Force-Release'
          : await vscode.window.showWarningMessage(
              `Force-release ${claimLabel(claim)} held by ${claim.holder}?`,
              {
                modal: true,
                detail: 'The holder is told by a high-priority message. Use it when the holder is stuck or gone.',
              },
              'Force-Release',
            );
        if (confirm !== 'Force-Release') return;
        // Awaited: the caller (a test, the dashboard) may go on to sync, which must find the remote told already.
        const result = await releaseThroughAuthority(deps, target.root, id, claim.type, claim.name, true);
        target.root.refreshPaths([target.view.path]);
        void vscode.window.showInformationMessage(
          `Released ${claimLabel(claim)}${result.notified ? `; ${claim.holder} was told` : ''}.`,
        );
      },
    ),
  ];
}

/**
 * Claims files as path claims: the given globs, or one the user types. Several globs are claimed one by one;
 * a refusal stops there, naming the holder, and what was claimed before it stays claimed (the message says so).
 */
async function claimFiles(
  deps: CommandDeps,
  root: CoordinationRoot,
  id: string,
  given: string[] | undefined,
): Promise<string[] | undefined> {
  let globs = given;
  if (!globs) {
    const typed = await askText(
      'Claim Files',
      'A glob of files relative to the folder, e.g. src/core/** or docs/{a,b}.md — a folder covers what is in it',
      {
        maxLength: 500,
        validate: (value) => {
          try {
            normalizePathGlob(value);
            return undefined;
          } catch (error) {
            return error instanceof Error ? error.message : String(error);
          }
        },
      },
    );
    if (!typed) return undefined;
    globs = [typed];
  }
  const claimed: string[] = [];
  for (const glob of globs) {
    try {
      const result = await claimThroughAuthority(deps, root, id, pathClaimType, glob, {});
      root.refreshPaths([root.ctx.layout.claimFile(result.claim.type, result.claim.name)]);
      claimed.push(result.claim.glob ?? glob);
    } catch (error) {
      if (claimed.length > 0 && error instanceof Error) error.message += ` (claimed before it: ${claimed.join(', ')})`;
      throw error;
    }
  }
  vscode.window.setStatusBarMessage(`$(lock) Claimed ${claimed.join(', ')}`, 3000);
  return claimed;
}

/**
 * The claim a command acts on: the tree item it was invoked on, a `{ type, name }` from a caller, else a pick
 * among the right claims.
 */
async function pickClaim(
  deps: CommandDeps,
  purpose: string,
  arg: ClaimArgument | { type: string; name: string } | undefined,
  whose: 'own' | 'others',
): Promise<ClaimArgument | undefined> {
  if (arg && 'view' in arg && arg.root) return arg;
  const root = await requireRoot(deps, purpose);
  if (!root) return undefined;
  const self = requireSession(root);
  const claims = (root.snapshot()?.claims ?? []).filter((c) =>
    whose === 'own' ? c.claim.holder === self : c.claim.holder !== self,
  );
  if (arg && 'type' in arg) {
    // A caller names a claim it knows of; the view's snapshot may not have heard of it yet (the watcher's
    // debounce), so the file itself is the answer then. A path claim may be named by its glob.
    const name = arg.type === pathClaimType ? resolvePathClaimName(root.ctx, arg.name, self) : arg.name;
    const onDisk = findClaim(root.ctx, arg.type, name);
    const named =
      claims.find((c) => c.claim.type === arg.type && c.claim.name === name) ??
      (onDisk && (whose === 'own') === (onDisk.claim.holder === self) ? onDisk : undefined);
    if (!named)
      throw refused(
        `${arg.type}/${arg.name} is not ${whose === 'own' ? 'held by this window' : 'held by another session'}`,
        undefined,
        undefined,
        { action: 'choose-existing', kind: 'claim' },
      );
    return { root, view: named };
  }
  if (claims.length === 0) {
    void vscode.window.showInformationMessage(
      whose === 'own' ? 'You hold no claims.' : 'No other session holds a claim.',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    claims.map((view) => ({
      label: claimLabel(view.claim),
      description: `${whose === 'own' ? '' : `${view.claim.holder} · `}${view.expired ? 'expired' : `${formatDuration(view.remainingMs)} left`}`,
      view,
    })),
    { title: `Coordination: ${purpose}` },
  );
  return picked ? { root, view: picked.view } : undefined;
}
