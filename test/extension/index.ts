import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/**
 * The tests module that VS Code's extension host loads (extensionTestsPath), for both runners:
 * scripts/vscode/runExtensionTests.mjs (code-server) and scripts/vscode/runElectronTests.mjs
 * (@vscode/test-electron). The runner reports success when this resolves, failure when it rejects.
 *
 * Env (the extension host inherits the runner's): COORD_TEST_GREP filters tests; COORD_TEST_OUTPUT names
 * a file that receives a copy of the extension host's console.
 */
export async function run(): Promise<void> {
  // In code-server the extension host's console reaches the runner only as workbench log lines,
  // indistinguishable from the workbench's own chatter; a file gives the runner exactly the test output.
  const restoreConsole = process.env.COORD_TEST_OUTPUT ? teeConsole(process.env.COORD_TEST_OUTPUT) : () => {};
  try {
    // Imported after the tee: mocha's reporters keep the console.log they find when first loaded.
    // mocha 12 is an ES module; import() also works on hosts whose Node cannot require() one.
    const { default: Mocha } = await import('mocha');
    // Activation and the first workbench paint can be slow on a 2-core CI machine.
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
    if (process.env.COORD_TEST_GREP) mocha.grep(process.env.COORD_TEST_GREP);

    const root = __dirname;
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.test.js')).sort();
    if (files.length === 0) throw new Error(`no *.test.js under ${root}`);
    for (const f of files) mocha.addFile(join(root, f));

    const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve, reject) => {
      try {
        const runner = mocha.run(() =>
          resolve({
            passes: runner.stats?.passes ?? 0,
            failures: runner.stats?.failures ?? 0,
            pending: runner.stats?.pending ?? 0,
          }),
        );
      } catch (e) {
        reject(e);
      }
    });
    // The closing line CI logs are read for ("N passed, N failed").
    console.log(
      `extension: ${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`,
    );
    if (stats.failures > 0) throw new Error(`${stats.failures} extension test(s) failed`);
  } finally {
    restoreConsole();
  }
}

function teeConsole(file: string): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const descriptors = methods.map((m) => Object.getOwnPropertyDescriptor(console, m));
  methods.forEach((m, i) => {
    const original = console[m].bind(console);
    // defineProperty, not assignment: VS Code's extension host makes these accessors whose setter
    // ignores plain assignment.
    Object.defineProperty(console, m, {
      configurable: true,
      enumerable: descriptors[i]?.enumerable ?? true,
      writable: true,
      value: (...args: unknown[]) => {
        try {
          appendFileSync(file, format(...args) + '\n');
        } catch {
          // losing a copy of a log line must not fail a test
        }
        original(...args);
      },
    });
  });
  return () =>
    methods.forEach((m, i) => {
      const d = descriptors[i];
      if (d) Object.defineProperty(console, m, d);
    });
}
