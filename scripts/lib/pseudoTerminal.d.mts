// Types for pseudoTerminal.mjs, so the TypeScript suites under test/cli can use it.
export const escapeSequence: RegExp;

export interface PtyProcess {
  pid: number | undefined;
  output(): string;
  stderr(): string;
  mark(): number;
  waitFor(
    test: string | RegExp | ((text: string) => boolean),
    options?: { from?: number; timeoutMs?: number },
  ): Promise<{ index: number; at: number }>;
  write(data: string): void;
  interrupt(): void;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnInPty(
  argv: string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; cols?: number; rows?: number },
): PtyProcess;
