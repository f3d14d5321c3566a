/**
 * zod/mini carries no English messages (the locale would bloat the bundle), so issues are described here from
 * their codes: enough to tell a person which field is wrong and how.
 */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

export interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  expected?: unknown;
  values?: readonly unknown[];
  maximum?: unknown;
  minimum?: unknown;
  keys?: readonly string[];
  format?: string;
}

export function describeIssues(issues: readonly SchemaIssue[]): string {
  return (
    issues.slice(0, 5).map(describeIssue).join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '')
  );
}

function describeIssue(issue: SchemaIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(record)';
  switch (issue.code) {
    case 'invalid_type':
      return `${where} should be ${String(issue.expected)}`;
    case 'invalid_value':
      return `${where} should be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return `${where} is too big (at most ${String(issue.maximum)})`;
    case 'too_small':
      return `${where} is too small (at least ${String(issue.minimum)})`;
    case 'invalid_format':
      return `${where} has the wrong format${issue.format ? ` (${issue.format})` : ''}`;
    case 'unrecognized_keys':
      return `unknown fields ${(issue.keys ?? []).join(', ')}`;
    default:
      return `${where} is invalid`;
  }
}
