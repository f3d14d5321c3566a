import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, coord, ensureSession, labels, waitFor, workspaceRoot } from './extensionHarness';

const tree = () => join(workspaceRoot(), 'docs', 'coordination');
const untrusted = process.env.COORD_TEST_UNTRUSTED === '1';

async function childLabels(
  provider: vscode.TreeDataProvider<unknown>,
  parentLabel: string,
): Promise<{ label: string; description: string }[]> {
  const top = (await provider.getChildren(undefined)) ?? [];
  for (const node of top) {
    const item = await provider.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    if (label !== parentLabel) continue;
    const children = (await provider.getChildren(node)) ?? [];
    return Promise.all(
      children.map(async (c) => {
        const ci = await provider.getTreeItem(c);
        return {
          label: typeof ci.label === 'string' ? ci.label : (ci.label?.label ?? ''),
          description: String(ci.description ?? ''),
        };
      }),
    );
  }
  return [];
}

describe('health loop, milestones, services and routing in the window', () => {
  let self: string;
  before(async () => {
    self = await ensureSession();
  });

  it('the health loop starts once the tree is loaded and runs its first round on its own', async () => {
    const coordination = await api();
    const state = await waitFor('a first health round', () => coordination.health(workspaceRoot())?.latest, 20_000);
    assert.ok(state.round >= 1);
    assert.ok(['running', 'following'].includes(coordination.health(workspaceRoot())?.role ?? ''));
  });

  it('the Milestones view shows each checklist with done / all, live as the file changes', async () => {
    const coordination = await api();
    mkdirSync(join(tree(), 'milestones'), { recursive: true });
    writeFileSync(join(tree(), 'milestones', 'beta.md'), '# Beta release\n- [x] schema\n- [ ] docs\n');
    await waitFor('Beta release in the Milestones view', async () =>
      (await labels(coordination.views.milestones)).includes('Beta release'),
    );
    const item = async () => {
      for (const node of (await coordination.views.milestones.getChildren(undefined)) ?? []) {
        const ti = await coordination.views.milestones.getTreeItem(node);
        if ((typeof ti.label === 'string' ? ti.label : ti.label?.label) === 'Beta release')
          return String(ti.description);
      }
      return undefined;
    };
    assert.equal(await item(), '1/2 · 50%');
    writeFileSync(join(tree(), 'milestones', 'beta.md'), '# Beta release\n- [x] schema\n- [x] docs\n');
    await waitFor('Beta release complete', async () => (await item()) === '2/2 · 100%');
  });

  it('services are checked with real requests when trusted — and not one request is made when not', async () => {
    const coordination = await api();
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      writeFileSync(
        join(tree(), 'services.json'),
        JSON.stringify({
          object: 'services',
          version: 1,
          services: [{ name: 'local-api', url: `http://127.0.0.1:${port}/health` }],
        }),
      );
      const latest = await vscode.commands.executeCommand<{
        services: { checked: boolean; results: { name: string; state: string }[] };
      }>('coordination.runHealthCheck');
      assert.ok(latest);
      if (untrusted) {
        assert.equal(latest.services.checked, false);
        assert.equal(requests, 0);
        const services = await childLabels(coordination.views.health, 'Services');
        assert.match(services[0]?.label ?? '', /1 service not checked/);
      } else {
        assert.deepEqual(
          latest.services.results.map((r) => [r.name, r.state]),
          [['local-api', 'online']],
        );
        assert.ok(requests >= 1);
        await waitFor('local-api online in the Health view', async () =>
          (await childLabels(coordination.views.health, 'Services')).some(
            (s) => s.label === 'local-api' && s.description.startsWith('online'),
          ),
        );
      }
    } finally {
      server.close();
    }
  });

  it('duplicate work shows as an insight in the Health view', async () => {
    const coordination = await api();
    const a = coord(['start', '--name', 'dup-a']).json.session.id as string;
    const b = coord(['start', '--name', 'dup-b']).json.session.id as string;
    coord(['heartbeat', 'editing', 'src/shared.ts'], a);
    coord(['heartbeat', 'editing', 'src/shared.ts'], b);
    // The window's round reads the tree as the window holds it: wait until the watcher delivered both beats.
    await waitFor('both beats in the window', () => {
      const sessions =
        coordination
          .roots()
          .find((r) => r.rootPath === workspaceRoot())
          ?.snapshot()?.sessions ?? [];
      return [a, b].every((id) =>
        sessions.some((s) => s.session.id === id && s.session.heartbeat?.target === 'src/shared.ts'),
      );
    });
    await vscode.commands.executeCommand('coordination.runHealthCheck');
    await waitFor('the duplicate-work insight', async () =>
      (await childLabels(coordination.views.health, 'Insights')).some((i) =>
        i.label.includes('work on the same target src/shared.ts'),
      ),
    );
  });

  it('the Work view shows assignee and role, and Claim Next takes the item assigned to this window first', async () => {
    const coordination = await api();
    const lead = coord(['start', '--name', 'lead']).json.session.id as string;
    coord(['work', 'add', 'Urgent for anyone', '--priority', '100'], lead);
    const mine = coord(['work', 'add', 'Assigned to the editor', '--priority', '1', '--role', 'lead'], lead).json.item
      .id as string;
    assert.equal(coord(['work', 'assign', mine, self], lead).code, 0);
    const description = async () => {
      for (const node of (await coordination.views.work.getChildren(undefined)) ?? []) {
        const ti = await coordination.views.work.getTreeItem(node);
        if ((typeof ti.label === 'string' ? ti.label : ti.label?.label) === 'Assigned to the editor')
          return String(ti.description);
      }
      return '';
    };
    await waitFor('the assignee in the Work view', async () => /for you · role lead/.test(await description()));
    await vscode.commands.executeCommand('coordination.claimNext');
    const claims = coord(['claims', '--json']).json.claims as { type: string; name: string; holder: string }[];
    assert.ok(
      claims.some((c) => c.type === 'work' && c.name === mine && c.holder === self),
      JSON.stringify(claims),
    );
  });

  it('the dashboard receives the health section: insights, milestones, services', async () => {
    const coordination = await api();
    await vscode.commands.executeCommand('coordination.openDashboard');
    await waitFor('the dashboard page', () => coordination.dashboard()?.pageReady, 20_000);
    // Its own checklist, so that it passes alone (under --grep) as in the whole run.
    mkdirSync(join(tree(), 'milestones'), { recursive: true });
    writeFileSync(join(tree(), 'milestones', 'dashboard.md'), '# Dashboard check\n- [x] one\n- [ ] two\n');
    await vscode.commands.executeCommand('coordination.runHealthCheck');
    const health = await waitFor(
      "the checklist in the dashboard's health",
      () => {
        const section = coordination.dashboard()?.mirror().health;
        return section?.milestones.items.some((m) => m.title === 'Dashboard check') ? section : undefined;
      },
      10_000,
    );
    assert.ok(health.round >= 1);
    assert.equal(health.services.checked, !untrusted);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Write Health Report writes a report to reports/', async () => {
    const path = await vscode.commands.executeCommand<string>('coordination.writeReport', { open: false });
    assert.match(path ?? '', /reports[\\/]\d{4}-\d{2}-\d{2}-\d{6}(-\d+)?\.md$/);
  });
});
