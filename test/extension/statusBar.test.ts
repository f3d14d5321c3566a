import * as assert from 'node:assert/strict';
import { api, ensureSession, waitFor } from './extensionHarness';

describe('status-bar heartbeat indicator', () => {
  it("shows this window's session name and heartbeat age", async () => {
    const coordination = await api();
    await ensureSession();
    const root = coordination.roots()[0]!;
    const name = root.snapshot()!.sessions.find((s) => s.session.id === root.sessionId)!.session.name;
    const text = await waitFor('the status bar text', () => coordination.statusBarText());
    assert.match(text, new RegExp(`^\\$\\(pulse\\) ${name} · \\d+s`));
  });
});
