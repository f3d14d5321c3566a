import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../store/diagnostics';
import type { GitCheckout } from '../store/gitCheckout';
import { GitCommandError, type GitRunner } from './gitRunner';
import { randomPart } from '../store/ids';
import { publishedPathProblem } from './syncPaths';
import { remoteConfigured } from './remoteConfig';

export interface RefInfo {
  oid: string;
  type: string;
  size: number;
}

/** A path of the tree (relative, "/"-separated) and the blob it holds. */
export type TreeEntries = Map<string, string>;

export interface CommitIdentity {
  name: string;
  email: string;
}

/**
 * The plumbing sync needs, one git process per call. Nothing here reads or writes the user's index, HEAD or
 * working files: trees are built in a temporary index (GIT_INDEX_FILE), commits with commit-tree, refs with
 * update-ref transactions. Every command is chosen to print something, because simple-git waits 50 ms more
 * for a process that prints nothing.
 */
export class GitRepository {
  constructor(
    readonly git: GitRunner,
    readonly checkout: GitCheckout,
    private readonly scratchDir: string,
  ) {}

  /** Stores each file as a blob (`hash-object -w --no-filters`: bytes as they are, no attributes or filters applied). */
  async hashFiles(absolutePaths: string[]): Promise<string[]> {
    if (absolutePaths.length === 0) return [];
    for (const p of absolutePaths)
      if (/[\n\r]/.test(p)) throw new Error(`path ${JSON.stringify(p)} holds a line break; it cannot be hashed`);
    const out = await this.git.run(['hash-object', '-w', '--no-filters', '--stdin-paths'], {
      input: `${absolutePaths.join('\n')}\n`,
    });
    const oids = out.trim().split('\n');
    if (oids.length !== absolutePaths.length)
      throw new Error(`git hash-object returned ${oids.length} ids for ${absolutePaths.length} files`);
    return oids;
  }

  async hashText(text: string): Promise<string> {
    return (await this.git.run(['hash-object', '-w', '--no-filters', '--stdin'], { input: text })).trim();
  }

  /** Blob contents by id (`cat-file --batch`); ids git does not have are left out. */
  async readBlobs(oids: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(oids)];
    const out = new Map<string, string>();
    if (wanted.length === 0) return out;
    const data = await this.git.catFileBatch(`${wanted.join('\n')}\n`);
    let at = 0;
    while (at < data.length) {
      const eol = data.indexOf(10, at);
      if (eol < 0) break;
      const header = data.subarray(at, eol).toString('utf8').split(' ');
      at = eol + 1;
      if (header[1] === 'missing' || header.length < 3) continue;
      const size = Number(header[2]);
      if (header[1] === 'blob') out.set(header[0] ?? '', data.subarray(at, at + size).toString('utf8'));
      at += size + 1;
    }
    return out;
  }

  /** Every blob under a commit or tree, by path; anything else (links, submodules, bad names) is reported and left out. */
  async lsTree(treeish: string, diagnostics: Diagnostic[] = []): Promise<TreeEntries> {
    const entries: TreeEntries = new Map();
    const out = await this.git.run(['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', treeish]);
    for (const record of out.split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [mode, type, oid] = record.slice(0, tab).split(' ');
      const path = record.slice(tab + 1);
      const problem =
        publishedPathProblem(path) ??
        (type !== 'blob' || (mode !== '100644' && mode !== '100755')
          ? `is a ${type} (mode ${mode}); only regular files are synced`
          : undefined);
      if (problem) diagnostics.push({ path: `${treeish}:${path}`, reason: problem });
      else if (oid) entries.set(path, oid);
    }
    return entries;
  }

  /** A tree object holding exactly `entries`, built in a temporary index that is removed afterwards. */
  async writeTree(entries: TreeEntries): Promise<string> {
    const index = join(this.scratchDir, `index.${process.pid}.${randomPart(6)}`);
    try {
      return await this.writeTreeWith(index, undefined, entries);
    } finally {
      rmSync(index, { force: true });
      rmSync(`${index}.lock`, { force: true });
    }
  }

  /**
   * A tree object holding exactly `entries`, built in this checkout's own index file (never the user's). When
   * the file still holds `previous`, only the difference is fed to it and write-tree reuses every unchanged
   * subtree, so a round on a tree of 10,000 files costs what its few changes cost.
   */
  async writeTreeWith(index: string, previous: TreeEntries | undefined, entries: TreeEntries): Promise<string> {
    const env = { GIT_INDEX_FILE: index };
    let lines = previous && existsSync(index) ? changeLines(previous, entries) : undefined;
    if (lines === undefined) {
      rmSync(index, { force: true });
      lines = [...entries].map(([path, oid]) => `100644 ${oid}\t${path}\n`).join('');
    }
    try {
      if (lines) await this.git.run(['update-index', '--verbose', '--index-info'], { input: lines, env });
      return (await this.git.run(['write-tree'], { env })).trim();
    } catch (error) {
      if (previous === undefined) throw error;
      // A stale lock or a damaged file from a killed round: start the file over.
      rmSync(index, { force: true });
      rmSync(`${index}.lock`, { force: true });
      return this.writeTreeWith(index, undefined, entries);
    }
  }

  async commitTree(tree: string, parents: string[], message: string, identity: CommitIdentity): Promise<string> {
    const args = ['commit-tree', '--no-gpg-sign', '-m', message];
    for (const parent of parents) args.push('-p', parent);
    args.push('--end-of-options', tree);
    const env = {
      GIT_AUTHOR_NAME: identity.name,
      GIT_AUTHOR_EMAIL: identity.email,
      GIT_COMMITTER_NAME: identity.name,
      GIT_COMMITTER_EMAIL: identity.email,
    };
    return (await this.git.run(args, { env })).trim();
  }

  async treeOf(commit: string): Promise<string> {
    return (await this.git.run(['rev-parse', '--verify', '--end-of-options', `${commit}^{tree}`])).trim();
  }

  /** Refs under the given prefixes with their object, type and size. */
  async refs(prefixes: string[]): Promise<Map<string, RefInfo>> {
    const out = await this.git.run([
      'for-each-ref',
      '--format=%(objectname) %(objecttype) %(objectsize) %(refname)',
      '--end-of-options',
      ...prefixes,
    ]);
    const refs = new Map<string, RefInfo>();
    for (const line of out.split('\n')) {
      const [oid, type, size, ref] = line.split(' ');
      if (oid && type && ref) refs.set(ref, { oid, type, size: Number(size) });
    }
    return refs;
  }

  /**
   * Compare-and-swap of one local ref: `expected` null means "must not exist", `next` null deletes. The update
   * is one `update-ref --stdin` transaction, atomic among every process and worktree of the repository.
   */
  async casRef(ref: string, expected: string | null, next: string | null): Promise<boolean> {
    const zero = '0'.repeat((next ?? expected ?? '').length || 40);
    const line = next === null ? `delete ${ref} ${expected ?? zero}` : `update ${ref} ${next} ${expected ?? zero}`;
    try {
      await this.git.run(['update-ref', '--stdin'], { input: `start\n${line}\nprepare\ncommit\n` });
      return true;
    } catch (error) {
      if (
        error instanceof GitCommandError &&
        /cannot lock ref|reference already exists|unable to resolve reference|is at .* but expected/i.test(error.stderr)
      )
        return false;
      throw error;
    }
  }

  /**
   * What changed between each pair of trees, in one `diff-tree --stdin` process however many pairs: per pair, the
   * changed paths with their old and new blob (undefined for a side that lacks the path). Paths a published tree
   * may not hold, links and submodules are reported and left out.
   */
  async diffTrees(pairs: [from: string, to: string][], diagnostics: Diagnostic[] = []): Promise<TreeChange[][]> {
    if (pairs.length === 0) return [];
    const input = pairs.map(([from, to]) => `${from} ${to}\n`).join('');
    const out = await this.git.run(['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', '--stdin'], { input });
    return parseDiffTrees(out, pairs, diagnostics);
  }

  /** Commit refs under `prefix` with their commit, tree and subject (one for-each-ref). */
  async commitRefs(prefix: string): Promise<Map<string, { commit: string; tree: string; subject: string }>> {
    const out = await this.git.run([
      'for-each-ref',
      '--format=%(objectname) %(objecttype) %(tree) %(refname) %(contents:subject)',
      '--end-of-options',
      prefix,
    ]);
    const refs = new Map<string, { commit: string; tree: string; subject: string }>();
    for (const line of out.split('\n')) {
      const [commit, type, tree, ref, ...subject] = line.split(' ');
      if (commit && type === 'commit' && tree && ref) refs.set(ref, { commit, tree, subject: subject.join(' ') });
    }
    return refs;
  }

  /** Whether `remote` is configured: read from the repository's config files when they say so plainly, else asked of git. */
  async hasRemote(remote: string): Promise<boolean> {
    // The common case, a remote in .git/config, costs no process (coord claim answers sooner by it).
    if (remoteConfigured(this.checkout, remote) === true) return true;
    return (await this.remoteNames()).includes(remote);
  }

  /** Every remote configured with a url, asked of git (for configs whose includes a file read cannot follow). */
  async remoteNames(): Promise<string[]> {
    const out = await this.git.run(['config', '--list']);
    const names = new Set<string>();
    for (const line of out.split('\n')) {
      const match = /^remote\.(.+)\.url=/.exec(line);
      if (match?.[1]) names.add(match[1]);
    }
    return [...names].sort();
  }
}

/** One path that differs between two trees. */
export interface TreeChange {
  path: string;
  from?: string;
  to?: string;
}

const zeroOid = /^0+$/;

/**
 * Reads `diff-tree -r -z --stdin` output: for each input pair a header line "<from> <to>\n", then records
 * ":<mode> <mode> <oid> <oid> <status>\0<path>\0". The header has no NUL of its own, so it arrives glued to the
 * first record's metadata (or to the next header when a pair's trees are equal).
 */
function parseDiffTrees(out: string, pairs: [string, string][], diagnostics: Diagnostic[]): TreeChange[][] {
  const result: TreeChange[][] = pairs.map(() => []);
  const tokens = out.split('\0');
  let pair = -1;
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i] ?? '';
    while (!token.startsWith(':') && token.includes('\n')) {
      pair++;
      token = token.slice(token.indexOf('\n') + 1);
    }
    if (!token.startsWith(':')) continue;
    const path = tokens[++i] ?? '';
    const [modeA, modeB, a, b] = token.slice(1).split(' ');
    const changes = result[pair];
    if (!changes || !path) continue;
    const regular = (mode: string | undefined) => mode === '100644' || mode === '100755' || mode === '000000';
    const problem =
      publishedPathProblem(path) ??
      (!regular(modeA) || !regular(modeB)
        ? `is not a regular file (mode ${modeA} → ${modeB}); only regular files are synced`
        : undefined);
    if (problem) {
      diagnostics.push({ path: `${pairs[pair]?.[1] ?? ''}:${path}`, reason: problem });
      continue;
    }
    changes.push({ path, ...(a && !zeroOid.test(a) ? { from: a } : {}), ...(b && !zeroOid.test(b) ? { to: b } : {}) });
  }
  return result;
}

/** `update-index --index-info` lines turning `from` into `to`: changed and new entries, mode 0 for removed ones. */
function changeLines(from: TreeEntries, to: TreeEntries): string {
  let out = '';
  for (const [path, oid] of to) if (from.get(path) !== oid) out += `100644 ${oid}\t${path}\n`;
  for (const [path, oid] of from) if (!to.has(path)) out += `0 ${'0'.repeat(oid.length)}\t${path}\n`;
  return out;
}
