import { cleanText } from './cleanText';

/**
 * Text from files (names, titles, targets, service details) as inert Markdown for a forge to render: control
 * characters replaced, and every character that could start markup — emphasis, links, images, HTML, code,
 * table cells — escaped, so a title such as `<img src=x onerror=…>` or `[click](http://evil)` shows as written.
 */
export function mdText(text: string): string {
  return (
    cleanText(text)
      .replace(/[\r\n\t]+/g, ' ')
      // Inline only (never at a line start), so `#`, `+` and `-` cannot start a block, and `(` is harmless once `[` is escaped.
      .replace(/[\\`*_[\]<>|~&]/g, (ch) => `\\${ch}`)
      .replace(/@/g, '@\u200b')
  );
}

/** A code span that holds any text: the fence is one backtick longer than the longest run inside. */
export function mdCode(text: string): string {
  // A table cell ends at `|` even inside a code span, unless it is escaped (GitHub's tables).
  const clean = cleanText(text)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A progress bar in plain characters, readable in any renderer and in the raw file. */
export function progressBar(done: number, total: number, width = 10): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}
