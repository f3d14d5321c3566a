/**
 * Characters that change how the text around them is read without showing themselves: bidirectional controls
 * (a right-to-left override makes `txt.exe` of `exe.txt`, the "Trojan Source" trick) and zero-width or invisible
 * characters (two names that look the same but differ, a word split so a filter misses it). They are shown as
 * `\uXXXX`, so a person or an agent sees that they are there and which they are. Kept apart from the control
 * characters below, which have always been shown as `?` (the escapes they start are noise, not a disguise).
 */
export const invisibleCodePoints: readonly number[] = [
  0x00ad, // soft hyphen
  0x061c, // Arabic letter mark
  0x200b,
  0x200c,
  0x200d, // zero-width space, non-joiner, joiner
  0x200e,
  0x200f, // left-to-right and right-to-left marks
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e, // embeddings, pop, overrides
  0x2060,
  0x2061,
  0x2062,
  0x2063,
  0x2064, // word joiner and the invisible operators
  0x2066,
  0x2067,
  0x2068,
  0x2069, // isolates
  0xfeff, // zero-width no-break space (byte-order mark)
];

const invisible = new RegExp(`[${invisibleCodePoints.map((c) => `\\u${hex4(c)}`).join('')}]`, 'g');

/**
 * Text from a file or another session as every front end shows it (terminal, hook output, tree views, the
 * dashboard): terminal control characters other than newline and tab become `?`, so a file cannot rewrite a
 * terminal; invisible and bidirectional characters become `\uXXXX`, so they cannot disguise what is shown.
 */
export function cleanText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?')
    .replace(invisible, (ch) => `\\u${hex4(ch.charCodeAt(0))}`);
}

function hex4(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}
