import { isAbsolute, relative, sep } from 'node:path';
import { usageError } from '../store/errors';

/**
 * Globs of path claims, relative to the repository root with `/` between folders: `*` and `?` within one folder
 * name, `**` for any number of folders, `[a-z]` / `[!x]` classes and `{a,b}` alternatives (which may hold `/`).
 *
 * A pattern covers what it matches and everything below it, as a .gitignore line does: claiming `src/core`
 * claims the folder's files too, so a folder and a file glob inside it overlap.
 *
 * Overlap is decided exactly, not by sampling paths: two globs overlap when one path matches both, which is
 * the emptiness of the product of the two patterns as automata — over folder names for the segments, and over
 * characters inside one segment. Matching a file is the same question with the file's path as a literal glob.
 */

/** One character position of a segment: a set of characters, as ranges of code points, possibly negated. */
interface CharClass {
  kind: 'class';
  ranges: [number, number][];
  negated: boolean;
}
type SegmentToken = CharClass | { kind: 'star' };
/** A folder-name pattern, or `**` (any number of folder names, none included). */
/** `tokens` is filled in on first use: most pairs are told apart by their plain prefix and never need them. */
type Segment = { kind: 'segment'; tokens?: SegmentToken[]; source: string } | { kind: 'globstar' };

const maxAlternatives = 256;
const maxGlobLength = 500;

/**
 * Checks a glob a user typed and returns its one spelling: no `./`, no empty or `.` segments, no trailing `/`,
 * runs of `**` folded. Throws a usage error saying what is wrong for absolute paths, `..`, backslashes,
 * control characters and unbalanced brackets or braces.
 */
export function normalizePathGlob(input: string): string {
  const what = `path glob ${JSON.stringify(input)}`;
  if (input.length === 0)
    throw usageError('the path glob is empty', "name files relative to the repository root, e.g. 'src/core/**'");
  if (input.length > maxGlobLength)
    throw usageError(`${what.slice(0, 80)}… is longer than ${maxGlobLength} characters`);
  if (/[\u0000-\u001f\u007f]/.test(input)) throw usageError(`${what} contains a control character`);
  if (input.includes('\\'))
    throw usageError(`${what} contains "\\"`, "separate folders with '/' (globs have no escapes here)");
  if (input.startsWith('/') || /^[A-Za-z]:/.test(input) || input.startsWith('~')) {
    throw usageError(`${what} is absolute`, "name files relative to the repository root, e.g. 'src/core/**'");
  }
  const segments: string[] = [];
  for (const part of input.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw usageError(`${what} contains ".."`, 'claims name files inside the repository only');
    if (part === '**' && segments[segments.length - 1] === '**') continue;
    segments.push(part);
  }
  if (segments.length === 0) throw usageError(`${what} names no file`, "to claim everything, use '**'");
  const glob = segments.join('/');
  // Expanding checks the braces and brackets and the number of alternatives, so a bad glob fails here, once
  // (and a good one is compiled once for the overlap checks that follow).
  compiled(glob, what);
  return glob;
}

/** Whether a glob read from a file is one `normalizePathGlob` would have written (records hold only those). */
export function isNormalPathGlob(glob: string): boolean {
  try {
    return normalizePathGlob(glob) === glob;
  } catch {
    return false;
  }
}

/** Whether some path is covered by both globs (each taken with everything below what it matches). */
export function globsOverlap(a: string, b: string): boolean {
  // Told apart by their plain leading folder names, most pairs need no compiling at all.
  if (literalPrefixesDiffer(a, b)) return false;
  const left = compiled(a);
  const right = compiled(b);
  return left.some((x) => right.some((y) => !prefixesDiffer(x, y) && sequencesIntersect(x.segments, y.segments)));
}

function literalPrefixesDiffer(a: string, b: string): boolean {
  let i = 0;
  for (;;) {
    const endA = a.indexOf('/', i);
    const endB = b.indexOf('/', i);
    const segA = a.slice(i, endA === -1 ? undefined : endA);
    const segB = b.slice(i, endB === -1 ? undefined : endB);
    // A segment with a glob character (or a brace, which may span folders) ends the plain prefix.
    if (/[*?[{}]/.test(segA) || /[*?[{}]/.test(segB)) return false;
    if (segA !== segB) return true;
    if (endA === -1 || endB === -1 || endA !== endB) return false;
    i = endA + 1;
  }
}

/**
 * Most pairs of claims differ in a plain folder name near the top (`packages/a/…` and `apps/…`): they cannot
 * overlap, and saying so costs a string comparison instead of a search.
 */
function prefixesDiffer(a: Alternative, b: Alternative): boolean {
  const n = Math.min(a.prefix.length, b.prefix.length);
  for (let i = 0; i < n; i++) if (a.prefix[i] !== b.prefix[i]) return true;
  return false;
}

/** Whether the file or folder at `relPath` (relative to the root, `/`-separated) is covered by `glob`. */
export function pathMatchesGlob(relPath: string, glob: string): boolean {
  const parts = relPath.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return false;
  const literal: Alternative = {
    prefix: parts,
    segments: parts.map((p) => ({ kind: 'segment', source: p, tokens: [...p].map((ch) => literalClass(ch)) })),
  };
  return compiled(glob).some(
    (alternative) =>
      !prefixesDiffer(literal, alternative) && sequencesIntersect(literal.segments, alternative.segments),
  );
}

/** One alternative of a glob (after brace expansion): its segments, and the plain folder names it starts with. */
interface Alternative {
  segments: Segment[];
  prefix: string[];
}

/**
 * A file path as path claims name it: relative to the repository root with `/` between folders. An absolute path
 * is taken relative to `root`; a relative one is already relative to the root. Refuses a path outside the root.
 */
export function relativeToRoot(root: string, path: string): string {
  const rel = isAbsolute(path) ? relative(root, path) : path;
  const parts = rel.split(sep === '\\' ? /[\\/]/ : '/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..'))
    throw usageError(`${JSON.stringify(path)} is not a path inside the repository ${root}`);
  return parts.join('/');
}

const cache = new Map<string, Alternative[]>();

function compiled(glob: string, what = `path glob ${JSON.stringify(glob)}`): Alternative[] {
  let found = cache.get(glob);
  if (!found) {
    found = compile(glob, what);
    if (cache.size > 20_000) cache.clear();
    cache.set(glob, found);
  }
  return found;
}

/** The glob's alternatives as segment lists, each ending in `**` (a pattern covers what is below it). */
function compile(glob: string, what: string): Alternative[] {
  return expandBraces(glob, what).map((alternative) => {
    const segments: Segment[] = [];
    for (const part of alternative.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..')
        throw usageError(`${what} contains ".." inside braces`, 'claims name files inside the repository only');
      if (part === '**') {
        if (segments[segments.length - 1]?.kind !== 'globstar') segments.push({ kind: 'globstar' });
      } else {
        segments.push({ kind: 'segment', source: part });
      }
    }
    if (segments[segments.length - 1]?.kind !== 'globstar') segments.push({ kind: 'globstar' });
    const prefix: string[] = [];
    for (const segment of segments) {
      if (segment.kind !== 'segment' || /[*?[]/.test(segment.source)) break;
      prefix.push(segment.source);
    }
    return { segments, prefix };
  });
}

/** `{a,b}` → its alternatives, nested braces included; brackets are skipped over so `[{]` is a class. */
function expandBraces(glob: string, what: string): string[] {
  const open = findBrace(glob, what);
  if (open === -1) return [glob];
  const options: string[] = [];
  let depth = 0;
  let start = open + 1;
  let close = -1;
  for (let i = open + 1; i < glob.length && close === -1; i++) {
    const ch = glob[i];
    if (ch === '[') i = classEnd(glob, i, what);
    else if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    else if (ch === '}') {
      options.push(glob.slice(start, i));
      close = i;
    } else if (ch === ',' && depth === 0) {
      options.push(glob.slice(start, i));
      start = i + 1;
    }
  }
  if (close === -1) throw usageError(`${what} has a "{" without its "}"`);
  const prefix = glob.slice(0, open);
  const rests = expandBraces(glob.slice(close + 1), what);
  const out: string[] = [];
  for (const option of options) {
    for (const inner of expandBraces(option, what)) {
      for (const rest of rests) {
        out.push(prefix + inner + rest);
        if (out.length > maxAlternatives)
          throw usageError(
            `${what} expands to more than ${maxAlternatives} alternatives`,
            'use a shorter pattern, or several claims',
          );
      }
    }
  }
  return out;
}

function findBrace(glob: string, what: string): number {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '[') i = classEnd(glob, i, what);
    else if (glob[i] === '{') return i;
    else if (glob[i] === '}') throw usageError(`${what} has a "}" without its "{"`);
  }
  return -1;
}

/** Index of the `]` closing the class that opens at `open` (a `]` first in the class is a member). */
function classEnd(glob: string, open: number, what: string): number {
  let i = open + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === ']') return i;
    if (glob[i] === '/') break;
  }
  throw usageError(`${what} has a "[" without its "]" in the same folder name`);
}

function tokenize(segment: string, what: string): SegmentToken[] {
  const tokens: SegmentToken[] = [];
  const chars = [...segment];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '*') {
      // `a**b` is no globstar (that is a whole folder name): it means what `a*b` means, as in .gitignore.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'class', ranges: [], negated: true });
    } else if (ch === '[') {
      // Past a leading `!`/`^` and a leading `]` (a member there); normalizePathGlob checked it is closed.
      let end = i + 1;
      if (chars[end] === '!' || chars[end] === '^') end++;
      if (chars[end] === ']') end++;
      while (end < chars.length && chars[end] !== ']') end++;
      if (end >= chars.length) throw usageError(`${what} has a "[" without its "]" in the same folder name`);
      tokens.push(parseClass(chars.slice(i + 1, end)));
      i = end;
    } else {
      tokens.push(literalClass(ch));
    }
  }
  return tokens;
}

function parseClass(body: string[]): CharClass {
  let i = 0;
  const negated = body[0] === '!' || body[0] === '^';
  if (negated) i++;
  const ranges: [number, number][] = [];
  for (; i < body.length; i++) {
    const lo = body[i]!.codePointAt(0)!;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const hi = body[i + 2]!.codePointAt(0)!;
      if (lo <= hi) ranges.push([lo, hi]);
      i += 2;
    } else {
      ranges.push([lo, lo]);
    }
  }
  return { kind: 'class', ranges, negated };
}

function literalClass(ch: string): CharClass {
  const code = ch.codePointAt(0)!;
  return { kind: 'class', ranges: [[code, code]], negated: false };
}

/**
 * Whether two token sequences share a word, where a "star" token matches any run of elements and each other
 * pair of elements is compatible when `meet` says so: a search over pairs of positions of the two patterns.
 */
function intersects<T>(a: T[], b: T[], isStar: (t: T) => boolean, meet: (x: T, y: T) => boolean): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const key = i * width + j;
    if (seen[key] === 0) {
      seen[key] = 1;
      stack.push(key);
    }
  };
  while (stack.length > 0) {
    const key = stack.pop()!;
    const i = Math.floor(key / width);
    const j = key % width;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    // A star may match nothing, or go on matching whatever the other side's next element matches.
    if (x !== undefined && isStar(x)) {
      push(i + 1, j);
      if (y !== undefined && !isStar(y)) push(i, j + 1);
    }
    if (y !== undefined && isStar(y)) {
      push(i, j + 1);
      if (x !== undefined && !isStar(x)) push(i + 1, j);
    }
    if (x !== undefined && y !== undefined && !isStar(x) && !isStar(y) && meet(x, y)) push(i + 1, j + 1);
  }
  return false;
}

function sequencesIntersect(a: Segment[], b: Segment[]): boolean {
  return intersects(
    a,
    b,
    (s) => s.kind === 'globstar',
    (x, y) => x.kind === 'segment' && y.kind === 'segment' && segmentsIntersect(tokensOf(x), tokensOf(y)),
  );
}

function tokensOf(segment: { tokens?: SegmentToken[]; source: string }): SegmentToken[] {
  // Brace expansion already checked every bracket is closed within its folder name.
  segment.tokens ??= tokenize(segment.source, `path glob segment ${JSON.stringify(segment.source)}`);
  return segment.tokens;
}

/** Whether one non-empty folder name matches both segment patterns. */
function segmentsIntersect(a: SegmentToken[], b: SegmentToken[]): boolean {
  // When the shared word found is empty, both are stars alone, which also share any one-letter name.
  return intersects(
    a,
    b,
    (t) => t.kind === 'star',
    (x, y) => classesMeet(x as CharClass, y as CharClass),
  );
}

/** Whether some character (other than `/`) is in both classes. */
function classesMeet(a: CharClass, b: CharClass): boolean {
  if (!a.negated && !b.negated)
    return a.ranges.some(([lo, hi]) => b.ranges.some(([lo2, hi2]) => lo <= hi2 && lo2 <= hi));
  if (a.negated && b.negated) return hasGap(merge([...a.ranges, ...b.ranges, slash]), 0, maxCodePoint);
  const [positive, negative] = a.negated ? [b, a] : [a, b];
  const excluded = merge([...negative.ranges, slash]);
  return positive.ranges.some(([lo, hi]) => hasGap(excluded, lo, hi));
}

const slash: [number, number] = [0x2f, 0x2f];
const maxCodePoint = 0x10ffff;

function merge(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Whether [lo, hi] holds a code point outside the merged, sorted `ranges`. */
function hasGap(ranges: [number, number][], lo: number, hi: number): boolean {
  let next = lo;
  for (const [from, to] of ranges) {
    if (to < next) continue;
    if (from > next) return true;
    next = to + 1;
    if (next > hi) return false;
  }
  return next <= hi;
}
