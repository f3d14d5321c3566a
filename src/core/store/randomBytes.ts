import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Random bytes without loading `node:crypto`, which pulls in the whole streams stack and costs a short-lived
 * CLI process more than all its own work. The kernel's generator is read directly where there is one.
 */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      let filled = 0;
      while (filled < length) filled += readSync(fd, bytes, filled, length - filled, null);
    } finally {
      closeSync(fd);
    }
    return bytes;
  } catch {
    // No /dev/urandom (Windows): the platform's CSPRNG through node:crypto.
    const crypto = require('node:crypto') as typeof import('node:crypto');
    return new Uint8Array(crypto.randomBytes(length));
  }
}

/** Two 32-bit multiplicative hashes (FNV-1a and a murmur-style mix) as 16 hex digits: a cheap, stable name for a piece of text, not a security hash. */
export function textFingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
