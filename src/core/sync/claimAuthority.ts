import {
  branchRef,
  claimKeyOfRef,
  claimRefName,
  claimRefPrefix,
  trackingBranchRef,
  trackingClaimPrefix,
  trackingTreePrefix,
  treeRefName,
  treeRefPrefix,
  writerOfRef,
} from './gitNames';
import type { GitRepository, RefInfo } from './gitRepository';
import { GitCommandError, GitUnavailableError, firstLine } from './gitRunner';

/** The authority could not be reached: local work goes on and the round reports why. */
export class AuthorityOffline extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthorityOffline';
  }
}

export interface AuthorityView {
  /** The branch tip the authority holds (null: no such branch there). */
  branchTip: string | null;
  /** Claim refs by `<type>/<name>`. */
  claims: Map<string, RefInfo>;
  /** Each computer's published tree, by writer id (a remote only). */
  trees: Map<string, PublishedTree>;
}

/** One writer's ref: its commit, that commit's tree, and the commit's subject (which names the host). */
export interface PublishedTree {
  commit: string;
  tree: string;
  subject: string;
}

/** How one compare-and-swap ended: applied, lost to a change made first, or refused by the server's own rules. */
export type CasOutcome = { kind: 'done' } | { kind: 'moved'; summary?: string } | { kind: 'refused'; reason: string };

export interface ClaimCas {
  key: string;
  type: string;
  name: string;
  expect: string | null;
  next: string | null;
}

/**
 * Where claims are compare-and-swapped and the branch published: the remote (each ref update on a git server is
 * atomic, so of two racing pushes with the same lease exactly one succeeds) or, with no remote, this repository
 * itself, whose refs every worktree shares.
 */
export interface ClaimAuthority {
  readonly kind: 'remote' | 'local';
  /** "origin" or "this repository", for messages. */
  readonly label: string;
  observe(options?: { withBranch?: boolean }): Promise<AuthorityView>;
  /** The current value of a few claims (after a lost compare-and-swap); absent ones are null. */
  observeClaims(keys: { key: string; type: string; name: string }[]): Promise<Map<string, RefInfo | null>>;
  /** Every claim of one type the authority holds now, by `<type>/<name>`. */
  observeClaimsOfType(type: string): Promise<Map<string, RefInfo>>;
  /** Applies each compare-and-swap on its own. */
  casClaims(ops: ClaimCas[]): Promise<Map<string, CasOutcome>>;
}

export class LocalAuthority implements ClaimAuthority {
  readonly kind = 'local' as const;
  readonly label = 'this repository';

  constructor(
    private readonly repo: GitRepository,
    private readonly branch: string,
  ) {}

  async observe(): Promise<AuthorityView> {
    const refs = await this.repo.refs([branchRef(this.branch), claimRefPrefix]);
    return {
      branchTip: refs.get(branchRef(this.branch))?.oid ?? null,
      claims: claimsOf(refs, claimRefPrefix),
      trees: new Map(),
    };
  }

  async observeClaims(keys: { key: string; type: string; name: string }[]): Promise<Map<string, RefInfo | null>> {
    const refs = await this.repo.refs(keys.map((k) => claimRefName(k.type, k.name)));
    const found = claimsOf(refs, claimRefPrefix);
    return new Map(keys.map((k) => [k.key, found.get(k.key) ?? null]));
  }

  async observeClaimsOfType(type: string): Promise<Map<string, RefInfo>> {
    return claimsOf(await this.repo.refs([`${claimRefPrefix}${type}/`]), claimRefPrefix);
  }

  async casClaims(ops: ClaimCas[]): Promise<Map<string, CasOutcome>> {
    const results = new Map<string, CasOutcome>();
    for (const op of ops)
      results.set(
        op.key,
        (await this.repo.casRef(claimRefName(op.type, op.name), op.expect, op.next))
          ? { kind: 'done' }
          : { kind: 'moved' },
      );
    return results;
  }

  /** Moves (or creates) the local branch that mirrors the tree; false when someone else moved it first. */
  publishBranch(commit: string, expectedTip: string | null): Promise<boolean> {
    return this.repo.casRef(branchRef(this.branch), expectedTip, commit);
  }
}

export class RemoteAuthority implements ClaimAuthority {
  readonly kind = 'remote' as const;

  constructor(
    private readonly repo: GitRepository,
    private readonly remote: string,
    private readonly branch: string,
  ) {}

  get label(): string {
    return this.remote;
  }

  /**
   * One fetch of every claim ref and every computer's tree ref. The branch an earlier version published is read
   * too when `withBranch` (a tree's first round in this layout), so what only that branch holds is taken in once.
   */
  async observe(options: { withBranch?: boolean } = {}): Promise<AuthorityView> {
    const claimSpec = `+${claimRefPrefix}*:${trackingClaimPrefix(this.remote)}*`;
    const treeSpec = `+${treeRefPrefix(this.branch)}*:${trackingTreePrefix(this.remote, this.branch)}*`;
    const branchSpec = `+${branchRef(this.branch)}:${trackingBranchRef(this.remote)}`;
    let withBranch = options.withBranch === true;
    try {
      await this.fetch(withBranch ? [claimSpec, treeSpec, branchSpec] : [claimSpec, treeSpec]);
    } catch (error) {
      if (!(withBranch && error instanceof GitCommandError && /couldn't find remote ref/i.test(error.stderr)))
        throw offline(error, this.remote);
      withBranch = false;
      await this.fetch([claimSpec, treeSpec]).catch((e: unknown) => {
        throw offline(e, this.remote);
      });
    }
    const [refs, trees] = await Promise.all([
      this.repo.refs([trackingClaimPrefix(this.remote), ...(withBranch ? [trackingBranchRef(this.remote)] : [])]),
      this.repo.commitRefs(trackingTreePrefix(this.remote, this.branch)),
    ]);
    const byWriter = new Map<string, PublishedTree>();
    for (const [ref, tree] of trees) {
      const writer = writerOfRef(ref, trackingTreePrefix(this.remote, this.branch));
      if (writer) byWriter.set(writer, tree);
    }
    const branchTip = withBranch ? (refs.get(trackingBranchRef(this.remote))?.oid ?? null) : null;
    return { branchTip, claims: claimsOf(refs, trackingClaimPrefix(this.remote)), trees: byWriter };
  }

  /**
   * Publishes this writer's tree: its own ref, which no other computer pushes, so it is never refused for another
   * computer's push. The lease (the tip this round saw) catches a second copy of this tree publishing as the same
   * writer; that copy's tree is then merged like any other before trying again.
   */
  async publishTree(writer: string, commit: string, expectedTip: string | null): Promise<CasOutcome> {
    const ref = treeRefName(this.branch, writer);
    const line = (await this.push([`--force-with-lease=${ref}:${expectedTip ?? ''}`], [`${commit}:${ref}`])).get(ref);
    if (line?.ok) return { kind: 'done' };
    if (line && serverPolicy(line.summary))
      return { kind: 'refused', reason: `${this.remote} refused this computer's tree: ${line.summary}` };
    return { kind: 'moved', ...(line ? { summary: line.summary } : {}) };
  }

  async observeClaims(keys: { key: string; type: string; name: string }[]): Promise<Map<string, RefInfo | null>> {
    const view = await this.fetchClaims();
    return new Map(keys.map((k) => [k.key, view.get(k.key) ?? null]));
  }

  async observeClaimsOfType(type: string): Promise<Map<string, RefInfo>> {
    const all = await this.fetchClaims();
    return new Map([...all].filter(([key]) => key.startsWith(`${type}/`)));
  }

  async casClaims(ops: ClaimCas[]): Promise<Map<string, CasOutcome>> {
    const results = new Map<string, CasOutcome>();
    if (ops.length === 0) return results;
    const leases = ops.map((op) => `--force-with-lease=${claimRefName(op.type, op.name)}:${op.expect ?? ''}`);
    const specs = ops.map((op) => `${op.next ?? ''}:${claimRefName(op.type, op.name)}`);
    const outcomes = await this.push([...leases], specs);
    for (const op of ops) {
      const line = outcomes.get(claimRefName(op.type, op.name));
      const outcome: CasOutcome = line?.ok
        ? { kind: 'done' }
        : line && serverPolicy(line.summary)
          ? { kind: 'refused', reason: `${this.remote} refused the claim ref: ${line.summary}` }
          : { kind: 'moved', ...(line ? { summary: line.summary } : {}) };
      results.set(op.key, outcome);
    }
    return results;
  }

  /** This writer's tree ref on the remote now (`ls-remote`, nothing fetched), or null when it has none. */
  async treeTip(writer: string): Promise<string | null> {
    const ref = treeRefName(this.branch, writer);
    const out = await this.repo.git.run(['ls-remote', '--end-of-options', this.remote, ref]).catch((e: unknown) => {
      throw offline(e, this.remote);
    });
    const line = out.split('\n').find((l) => l.endsWith(`\t${ref}`));
    return line ? line.slice(0, line.indexOf('\t')) : null;
  }

  private async fetchClaims(): Promise<Map<string, RefInfo>> {
    await this.fetch([`+${claimRefPrefix}*:${trackingClaimPrefix(this.remote)}*`]).catch((e: unknown) => {
      throw offline(e, this.remote);
    });
    return claimsOf(await this.repo.refs([trackingClaimPrefix(this.remote)]), trackingClaimPrefix(this.remote));
  }

  private async fetch(specs: string[]): Promise<void> {
    // -v: fetch then always prints, sparing simple-git's wait for silent processes. No FETCH_HEAD, no tags, no
    // submodules: nothing of the user's repository changes but our own private refs.
    // An empty --refmap: the remote's configured refspecs (refs/remotes/<remote>/…) are never updated on the side.
    await this.repo.git.run([
      'fetch',
      '-v',
      '--no-tags',
      '--no-write-fetch-head',
      '--no-recurse-submodules',
      '--prune',
      '--refmap=',
      '--end-of-options',
      this.remote,
      ...specs,
    ]);
  }

  /** Runs one push of several refs; returns, per destination ref, whether it was applied (or already so) and git's summary. */
  private async push(options: string[], specs: string[]): Promise<Map<string, { ok: boolean; summary: string }>> {
    let stdout: string;
    let stderr = '';
    try {
      stdout = await this.repo.git.run([
        'push',
        '--porcelain',
        '--no-verify',
        ...options,
        '--end-of-options',
        this.remote,
        ...specs,
      ]);
    } catch (error) {
      if (error instanceof GitCommandError && /^To /m.test(error.stdout)) {
        stdout = error.stdout;
        stderr = error.stderr;
      } else throw offline(error, this.remote);
    }
    const outcomes = new Map<string, { ok: boolean; summary: string }>();
    for (const line of stdout.split('\n')) {
      const [flag, refs, summary = ''] = line.split('\t');
      if (flag === undefined || refs === undefined || flag.length !== 1) continue;
      const destination = refs.slice(refs.lastIndexOf(':') + 1);
      // The server's own words about this ref (a stale lock file, a hook's refusal) say more than the summary.
      const said = stderr
        .split('\n')
        .find((l) => l.includes(`'${destination}'`))
        ?.replace(/^remote:\s*/, '')
        .trim();
      outcomes.set(destination, { ok: flag !== '!', summary: said ? `${summary}: ${said}` : summary });
    }
    return outcomes;
  }
}

/**
 * Whether a refused ref update is the server's policy (a hook, a forge that refuses refs to blobs) rather than a
 * race lost to another push: a server whose ref moved between the lease check and the update answers
 * "[remote rejected] (failed to update ref)" or a lock failure, which is a race like "[rejected] (stale info)".
 */
function serverPolicy(summary: string): boolean {
  return (
    /remote rejected/.test(summary) &&
    !/failed to update ref|failed to lock|cannot lock ref|incorrect old value|stale info|fetch first|non-fast-forward/i.test(
      summary,
    )
  );
}

function claimsOf(refs: Map<string, RefInfo>, prefix: string): Map<string, RefInfo> {
  const claims = new Map<string, RefInfo>();
  for (const [ref, info] of refs) {
    const key = claimKeyOfRef(ref, prefix);
    if (key) claims.set(`${key.type}/${key.name}`, info);
  }
  return claims;
}

function offline(error: unknown, remote: string): Error {
  if (error instanceof AuthorityOffline || error instanceof GitUnavailableError) return error;
  const detail =
    error instanceof GitCommandError
      ? firstLine(error.stderr.replace(/^fatal: /gm, '')) || error.message
      : error instanceof Error
        ? error.message
        : String(error);
  return new AuthorityOffline(`remote ${remote} is unreachable: ${detail}`);
}
