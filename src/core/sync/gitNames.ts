import { usageError } from '../store/errors';
import { isSlug } from '../store/slug';

/**
 * Every ref and remote name we hand to git is built here and checked against a strict subset of
 * `git check-ref-format`: ASCII letters, digits, ".", "_", "-" in "/"-separated components, no component that
 * starts with "." or "-" or ends with "." or ".lock", no "..". Nothing that fails can become an option or escape
 * the refs namespace we own.
 */
const component = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export function refComponentProblem(value: string): string | undefined {
  if (value.length === 0) return 'has an empty component';
  if (!component.test(value))
    return `has the component ${JSON.stringify(value)}, which must start with a letter, digit or "_" and hold only letters, digits, ".", "_" and "-"`;
  if (value.includes('..')) return 'contains ".."';
  if (value.endsWith('.') || value.endsWith('.lock'))
    return `has the component ${JSON.stringify(value)}, which must not end with "." or ".lock"`;
  return undefined;
}

export function refNameProblem(value: string): string | undefined {
  if (value.length > 200) return 'is longer than 200 characters';
  for (const part of value.split('/')) {
    const problem = refComponentProblem(part);
    if (problem) return problem;
  }
  return undefined;
}

/** The branch that carries the tree (a name under refs/heads/, possibly with "/"). */
export function assertBranchName(value: string): string {
  const problem = refNameProblem(value);
  if (problem) {
    throw usageError(`branch name ${JSON.stringify(value)} ${problem}`, undefined, {
      action: 'configure-sync',
      setting: 'branch',
    });
  }
  return value;
}

export function assertRemoteName(value: string): string {
  const problem = value.includes('/') ? 'must not contain "/"' : refComponentProblem(value);
  if (problem || value.length > 100) {
    throw usageError(`remote name ${JSON.stringify(value)} ${problem ?? 'is too long'}`, undefined, {
      action: 'configure-sync',
      setting: 'remote',
    });
  }
  return value;
}

export const claimRefPrefix = 'refs/coordination/claims/';

/** Whether a claim's type and name can form a ref (a slug may end with "." or ".lock", which git refuses). */
export function claimRefProblem(type: string, name: string): string | undefined {
  if (!isSlug(type) || !isSlug(name)) return 'is not a pair of slugs';
  const problem = refComponentProblem(type) ?? refComponentProblem(name);
  return problem ? `cannot be a git ref: it ${problem}` : undefined;
}

export function claimRefName(type: string, name: string): string {
  const problem = claimRefProblem(type, name);
  if (problem)
    throw usageError(`claim ${type}/${name} ${problem}`, 'rename the claim so no part ends with "." or ".lock"');
  return `${claimRefPrefix}${type}/${name}`;
}

/** `<type>/<name>` back from a claim ref, or undefined for a ref that does not name a valid claim. */
export function claimKeyOfRef(ref: string, prefix = claimRefPrefix): { type: string; name: string } | undefined {
  if (!ref.startsWith(prefix)) return undefined;
  const parts = ref.slice(prefix.length).split('/');
  if (parts.length !== 2) return undefined;
  const [type, name] = parts as [string, string];
  return claimRefProblem(type, name) === undefined ? { type, name } : undefined;
}

/** Where this checkout keeps what it fetched from `remote`: a private namespace, never refs/remotes/. */
export function trackingPrefix(remote: string): string {
  return `refs/coordination-remote/${assertRemoteName(remote)}/`;
}

export function trackingBranchRef(remote: string): string {
  return `${trackingPrefix(remote)}branch`;
}

export function trackingClaimPrefix(remote: string): string {
  return `${trackingPrefix(remote)}claims/`;
}

export function branchRef(branch: string): string {
  return `refs/heads/${assertBranchName(branch)}`;
}

/** Where each computer publishes its own copy of the tree: one ref per writer, only ever pushed by that writer. */
export function treeRefPrefix(branch: string): string {
  return `refs/coordination/trees/${assertBranchName(branch)}/`;
}

export function treeRefName(branch: string, writer: string): string {
  const problem = refComponentProblem(writer);
  if (problem) throw new Error(`writer id ${JSON.stringify(writer)} ${problem}`);
  return `${treeRefPrefix(branch)}${writer}`;
}

export function trackingTreePrefix(remote: string, branch: string): string {
  return `${trackingPrefix(remote)}trees/${assertBranchName(branch)}/`;
}

/** The writer id back from a tree ref (one component under the prefix), or undefined for anything else. */
export function writerOfRef(ref: string, prefix: string): string | undefined {
  if (!ref.startsWith(prefix)) return undefined;
  const writer = ref.slice(prefix.length);
  return !writer.includes('/') && refComponentProblem(writer) === undefined ? writer : undefined;
}
