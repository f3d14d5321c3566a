/** SGR styles the live board uses; nothing else is ever sent for colour. */
export const styles = {
  plain: '',
  bold: '1',
  dim: '2',
  green: '32',
  yellow: '33',
  red: '31',
  cyan: '36',
} as const;
export type Style = keyof typeof styles;

/** A run of text in one style. The text must already be clean (no control characters). */
export interface Segment {
  text: string;
  style?: Style;
}

// Combining marks and zero-width characters take no column; East Asian wide characters and emoji take two.
const zeroWidth = /[\p{Mn}\p{Me}\u200B-\u200F\u2060-\u2064\uFEFF]/u;
const wide = new RegExp(
  [
    '[\\u1100-\\u115F\\u2E80-\\u303E\\u3041-\\u33FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uA000-\\uA4CF\\uAC00-\\uD7A3',
    '\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFF60\\uFFE0-\\uFFE6\\u{1F300}-\\u{1F64F}\\u{1F900}-\\u{1F9FF}',
    '\\u{20000}-\\u{3FFFD}]',
  ].join(''),
  'u',
);

/** Columns one code point takes in a terminal. */
export function charWidth(char: string): number {
  if (zeroWidth.test(char)) return 0;
  return wide.test(char) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * One line of at most `width` columns: cut with an ellipsis where it would not fit, so a terminal never wraps it
 * (a wrapped line would push the board down and break the in-place redraw). Colour is SGR around each styled
 * run, added only after the cut so escape codes never count as columns.
 */
export function fitLine(segments: readonly Segment[], width: number, color: boolean): string {
  const total = segments.reduce((sum, s) => sum + displayWidth(s.text), 0);
  const room = total <= width ? Infinity : Math.max(0, width - 1);
  let used = 0;
  let out = '';
  for (const segment of segments) {
    let text = '';
    for (const char of segment.text) {
      const w = charWidth(char);
      if (used + w > room) break;
      used += w;
      text += char;
    }
    out += paint(text, segment.style, color);
    if (used >= room || text.length < segment.text.length) {
      if (room !== Infinity && width > 0) out += '…';
      break;
    }
  }
  return out;
}

function paint(text: string, style: Style | undefined, color: boolean): string {
  if (!color || !style || style === 'plain' || text === '') return text;
  return `\u001b[${styles[style]}m${text}\u001b[0m`;
}
