import { watch, type FSWatcher } from 'chokidar';
import { basename, relative, sep } from 'node:path';

export interface TreeWatcherOptions {
  /** Changes arriving within this many milliseconds are delivered as one batch. */
  debounceMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Watches the coordination tree and reports changed paths in debounced batches. Temporary and lock files
 * (dot-files) are ignored, and of `.local/` only the read markers, the claims' confirmation states and what
 * the Computers views show (the sync round's two files and its lock), so a burst of atomic writes is one batch of
 * record paths.
 */
export class TreeWatcher {
  private watcher: FSWatcher | undefined;
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly onChanges: (paths: string[]) => void,
    private readonly options: TreeWatcherOptions = {},
  ) {}

  start(): Promise<void> {
    if (this.watcher) return Promise.resolve();
    const watcher = watch(this.dir, {
      ignoreInitial: true,
      depth: 4,
      ignored: (path: string) => this.ignored(path),
    });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => this.queue(path));
    watcher.on('error', (error) => this.options.onError?.(error));
    return new Promise((resolve) => watcher.once('ready', () => resolve()));
  }

  private ignored(path: string): boolean {
    const rel = relative(this.dir, path);
    if (rel === '' || rel.startsWith('..')) return false;
    const parts = rel.split(sep);
    if (parts[0] === '.local') return !watchedLocal(parts) || (parts.length > 3 && basename(path).startsWith('.'));
    if (parts[0] === 'reports') return true;
    return basename(path).startsWith('.');
  }

  private queue(path: string): void {
    this.pending.add(path);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = [...this.pending];
      this.pending.clear();
      this.onChanges(batch);
    }, this.options.debounceMs ?? 40);
  }

  async dispose(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.watcher?.close();
    this.watcher = undefined;
  }
}

/** `.local/sync/` also holds the round's private index, rewritten every round: only the two named files count. */
const watchedLocalFiles: Record<string, ReadonlySet<string>> = {
  sync: new Set(['computers.json', 'last-round.json']),
  locks: new Set(['sync.lock.json']),
};

function watchedLocal(parts: string[]): boolean {
  const [, folder, file] = parts;
  // claim-refs: each claim's confirmation on the authority, which the snapshot carries.
  if (parts.length === 1 || folder === 'read' || folder === 'claim-refs') return true;
  const files = folder === undefined ? undefined : watchedLocalFiles[folder];
  if (!files) return false;
  return parts.length === 2 || (parts.length === 3 && file !== undefined && files.has(file));
}
