import { describeIssues, type SchemaIssue } from '../core/store/schemaIssues';

/**
 * Issues of a tool's input (or of a JSON-RPC request's params) in words, the same way for every field and every
 * tool: a field left out is "missing", a value of the wrong type says what it should be and what it is — so
 * `"true"` for a boolean and `"5"` or 5.5 for an integer are refused alike, wherever they are sent. `integers` are
 * the paths the JSON schema declares integer (zod reports a string there as "should be number").
 */
export function describeInputIssues(
  input: unknown,
  issues: readonly SchemaIssue[],
  integers: ReadonlySet<string> = new Set(),
): string {
  const missing = issues
    .filter((i) => i.code === 'invalid_type' && valueAt(input, i.path) === undefined)
    .map((i) => i.path.join('.'));
  const typed = issues.filter((i) => i.code === 'invalid_type' && valueAt(input, i.path) !== undefined);
  const others = issues.filter((i) => i.code !== 'invalid_type');
  return [
    ...(missing.length ? [`missing ${missing.join(', ')}`] : []),
    ...typed.map((i) => {
      const where = i.path.map(String).join('.');
      const expected = integers.has(where) ? 'int' : String(i.expected);
      return `${where} should be ${typeWords[expected] ?? expected}, not ${received(valueAt(input, i.path))}`;
    }),
    ...(others.length ? [describeIssues(others)] : []),
  ].join('; ');
}

const typeWords: Record<string, string> = {
  boolean: 'a boolean (true or false)',
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  record: 'an object',
  object: 'an object',
  array: 'an array',
};

function received(value: unknown): string {
  const shown = JSON.stringify(value) ?? String(value);
  const kind =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'number' && !Number.isInteger(value)
          ? 'a fraction'
          : `a ${typeof value}`;
  return `${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown} (${kind})`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return value;
}
