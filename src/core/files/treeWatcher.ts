import { watch, type FSWatcher } from 'chokidar';
import { basename, relative, sep } from 'node:path';

export interface TreeWatcherOptions {
  /** Changes arriving within this many milliseconds are delivered as one batch. */
  debounceMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Watches the coordination tree and reports changed paths in debounced batches. Temporary and lock files
 * (dot-files) are ignored, and of `.local/` only the read markers, so a burst of atomic writes is one batch of
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
    if (parts[0] === '.local') return !(parts.length === 1 || parts[1] === 'read');
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
