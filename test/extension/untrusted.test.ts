import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, cliPath, labels, repoRoot, waitFor, workspaceRoot } from './extensionHarness';

/** `coord` from the test itself, with git recording switched off: the record is for the extension host only. */
function coordQuiet(args: string[]): any {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COORD_ROOT: workspaceRoot(),
    COORD_GIT_LOG: '',
    ELECTRON_RUN_AS_NODE: '1',
  };
  delete env.COORD_SESSION;
  const r = spawnSync(process.execPath, [cliPath, ...args, '--json'], { cwd: workspaceRoot(), env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout);
}

// Runs only in the untrusted pass (npm run test:extension:untrusted): the runner opens the workspace in
// Restricted Mode with a recording git first on PATH.
describe('untrusted workspace', function () {
  let server: Server;
  let requests = 0;

  before(async function () {
    if (vscode.workspace.isTrusted) this.skip();
    // Everything in this extension host that starts git — the extension included — now goes through the recorder.
    process.env.PATH = `${join(repoRoot, 'scripts', 'vscode', 'gitRecorder')}:${process.env.PATH ?? ''}`;
    server = createServer((_req, res) => {
      requests++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(() => server?.close());

  it('the views still show the tree, and the window can register and message', async () => {
    const coordination = await api();
    await vscode.commands.executeCommand('coordination.initialize');
    const agent = coordQuiet(['start', '--name', 'untrusted-agent']).session.id as string;
    await waitFor('the agent in the Sessions view', async () =>
      (await labels(coordination.views.sessions)).includes('untrusted-agent'),
    );
    const self = await vscode.commands.executeCommand<string>('coordination.registerSession', { name: 'restricted' });
    assert.ok(self);
    const id = await vscode.commands.executeCommand<string>('coordination.sendMessage', {
      to: agent,
      subject: 'still works',
      body: 'in restricted mode',
    });
    assert.ok(id);
  });

  it('Sync Now and a health round start no git process and make no request', async () => {
    const gitLog = process.env.COORD_GIT_LOG;
    assert.ok(gitLog, 'the runner records git invocations in untrusted runs');
    // The record must be able to catch a git run: one from this extension host lands in it.
    spawnSync('git', ['--version'], { env: process.env });
    assert.match(readFileSync(gitLog, 'utf8'), /--version/, 'the recording git is not first on PATH');
    writeFileSync(gitLog, '');

    const port = (server.address() as { port: number }).port;
    const services = join(workspaceRoot(), 'docs', 'coordination', 'services.json');
    writeFileSync(
      services,
      JSON.stringify({
        object: 'services',
        version: 1,
        services: [{ name: 'api', url: `http://127.0.0.1:${port}/health`, timeoutMs: 1000 }],
      }),
    );
    await vscode.commands.executeCommand('coordination.syncNow');
    await vscode.commands.executeCommand('coordination.runHealthCheck');
    // Loops that would have started on their own get time to do so.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(requests, 0, 'a service endpoint was requested in an untrusted workspace');
    const invocations = readFileSync(gitLog, 'utf8').trim();
    assert.equal(invocations, '', `git ran in an untrusted workspace:\n${invocations}`);
  });
});
