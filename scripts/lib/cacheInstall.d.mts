// Types for cacheInstall.mjs, so the TypeScript suites can use it.
export function cacheRoot(): string;
export function isInstalled(dir: string): boolean;
export function withoutOuterNpm(env: Record<string, string | undefined>): Record<string, string | undefined>;
export function withLock<T>(root: string, name: string, log: (line: string) => void, fn: () => Promise<T>): Promise<T>;
export function installFolder(options: {
  dir: string;
  name: string;
  dependencies: Record<string, string>;
  allowScripts?: string[];
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  prepare?: () => Promise<void>;
  verify?: () => void;
}): Promise<void>;
export function mustExist(path: string, why: string): void;
