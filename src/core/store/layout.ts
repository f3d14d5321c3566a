import { lstatSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { assertSlug } from './slug';
import { messageIdPattern } from './ids';
import { badTree, usageError } from './errors';
import { liveTreeDir, ownTreeDir, treeRelativePath } from './liveTree';

export { treeRelativePath };

/**
 * Where every file of the tree lives. Each path built from a name goes through slug validation first, so no
 * caller can build a path that leaves the tree.
 */
export class TreeLayout {
  readonly dir: string;

  constructor(readonly root: string) {
    this.dir = liveTreeDir(root);
  }

  /** The tree folder inside this root itself; differs from `dir` in a linked worktree, which uses the shared one. */
  get ownDir(): string {
    return ownTreeDir(this.root);
  }
  get protocolFile(): string {
    return join(this.dir, 'protocol.json');
  }
  get readmeFile(): string {
    return join(this.dir, 'README.md');
  }
  get sessionsDir(): string {
    return join(this.dir, 'sessions');
  }
  get claimsDir(): string {
    return join(this.dir, 'claims');
  }
  get messagesDir(): string {
    return join(this.dir, 'messages');
  }
  get workDir(): string {
    return join(this.dir, 'work');
  }
  get milestonesDir(): string {
    return join(this.dir, 'milestones');
  }
  get reportsDir(): string {
    return join(this.dir, 'reports');
  }
  get servicesFile(): string {
    return join(this.dir, 'services.json');
  }
  get statusFile(): string {
    return join(this.dir, 'STATUS.md');
  }
  get localDir(): string {
    return join(this.dir, '.local');
  }

  sessionFile(id: string): string {
    return this.unlinked(join(this.sessionsDir, `${assertSlug('session id', id)}.json`));
  }

  claimTypeDir(type: string): string {
    return join(this.claimsDir, assertSlug('claim type', type));
  }

  claimFile(type: string, name: string): string {
    return this.unlinked(join(this.claimTypeDir(type), `${assertSlug('claim name', name)}.json`));
  }

  inboxDir(to: string): string {
    return join(this.messagesDir, assertSlug('recipient', to));
  }

  messageFile(to: string, id: string): string {
    if (!messageIdPattern.test(id)) {
      throw usageError(`message id ${JSON.stringify(id)} is not a message id`, undefined, {
        action: 'choose-existing',
        kind: 'message',
      });
    }
    return this.unlinked(join(this.inboxDir(to), `${id}.json`));
  }

  workFile(id: string): string {
    return this.unlinked(join(this.workDir, `${assertSlug('work item id', id)}.json`));
  }

  /** .local/read/<session>/ holds one empty marker file per message that session has read (this computer only). */
  readMarkersDir(session: string): string {
    return join(this.localDir, 'read', assertSlug('session id', session));
  }

  /** .local/sends/<session>/ remembers the session's recent sends and keys: a repeated send writes none. */
  sendRecordsDir(session: string): string {
    return join(this.localDir, 'sends', assertSlug('session id', session));
  }

  /**
   * Returns the record path `path` after checking that no folder between the tree and it is a symbolic link, so
   * that a link committed into the tree (say `claims/x -> ~/.ssh`) can never carry a read or a write out of it.
   */
  private unlinked(path: string): string {
    let dir = this.dir;
    for (const part of relative(this.dir, dirname(path)).split(sep)) {
      dir = join(dir, part);
      const stat = lstatSync(dir, { throwIfNoEntry: false });
      if (stat?.isSymbolicLink()) {
        throw badTree(
          `${dir} is a symbolic link; the tree never follows links`,
          'replace the link with a real folder',
          undefined,
          { action: 'repair-tree', path: dir },
        );
      }
      // Missing: it is created as a real folder when written. Not a folder: reading or writing fails there.
      if (stat === undefined || !stat.isDirectory()) return path;
    }
    return path;
  }
}
