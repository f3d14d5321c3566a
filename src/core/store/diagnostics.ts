/** A problem with one file of the tree: reported with its path and reason, then skipped. */
export interface Diagnostic {
  path: string;
  reason: string;
}

/** Collects diagnostics while a listing goes on, so one bad file never stops the rest. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  add(path: string, reason: string): void {
    this.items.push({ path, reason });
  }
}
