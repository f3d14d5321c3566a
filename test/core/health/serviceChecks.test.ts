import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { checkService, checkServices, readServicesFile, redactedUrl } from '../../../src/core/health/serviceChecks';
import { closedPort, startTestServer, type TestServer } from '../../helpers/httpServers';
import { makeTempTree } from '../../helpers/tempTree';

describe('service checks (real HTTP servers on loopback)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('healthy → online with its response time and status', async () => {
    const check = await checkService({ name: 'api', url: `${server.base}/ok` });
    assert.equal(check.state, 'online');
    assert.equal(check.status, 200);
    assert.ok(check.responseMs >= 0 && check.responseMs < 1000, String(check.responseMs));
  });

  it('slower than degradedAboveMs → degraded', async () => {
    const check = await checkService({
      name: 'api',
      url: `${server.base}/slow/150`,
      degradedAboveMs: 50,
      timeoutMs: 2000,
    });
    assert.equal(check.state, 'degraded');
    assert.ok(check.responseMs >= 140, String(check.responseMs));
    assert.match(check.detail ?? '', /slower than 50 ms/);
  });

  it('500 → error naming the status; an expected status other than 200 is honoured', async () => {
    const fail = await checkService({ name: 'api', url: `${server.base}/fail` });
    assert.equal(fail.state, 'error');
    assert.equal(fail.status, 500);
    assert.match(fail.detail ?? '', /HTTP 500, expected 2xx or 3xx/);
    assert.equal((await checkService({ name: 'c', url: `${server.base}/created`, expectStatus: 201 })).state, 'online');
    const wrong = await checkService({ name: 'c', url: `${server.base}/ok`, expectStatus: 204 });
    assert.equal(wrong.state, 'error');
    assert.match(wrong.detail ?? '', /HTTP 200, expected 204/);
  });

  it('hanging → timeout, bounded by the timeout', async () => {
    const started = Date.now();
    const check = await checkService({ name: 'api', url: `${server.base}/hang`, timeoutMs: 200 });
    const took = Date.now() - started;
    assert.equal(check.state, 'timeout');
    assert.match(check.detail ?? '', /no answer within 200 ms/);
    assert.ok(took >= 190 && took < 1000, `took ${took} ms`);
  });

  it('closed port → offline (connection refused)', async () => {
    const check = await checkService({ name: 'db', url: `http://127.0.0.1:${await closedPort()}/` });
    assert.equal(check.state, 'offline');
    assert.equal(check.detail, 'connection refused');
  });

  it('checks run concurrently: five hanging services take one timeout, not five', async () => {
    const started = Date.now();
    const services = Array.from({ length: 5 }, (_, i) => ({
      name: `h${i}`,
      url: `${server.base}/hang`,
      timeoutMs: 300,
    }));
    const checks = await checkServices([...services, { name: 'ok', url: `${server.base}/ok` }]);
    const took = Date.now() - started;
    assert.deepEqual(
      checks.map((c) => c.state),
      ['timeout', 'timeout', 'timeout', 'timeout', 'timeout', 'online'],
    );
    assert.ok(took < 900, `took ${took} ms`);
  });

  it('never shows credentials from services.json', () => {
    assert.equal(redactedUrl('https://user:secret@example.com/health'), 'https://example.com/health');
  });

  it('reads services.json; a missing one is none, a bad one is reported', () => {
    const tree = makeTempTree();
    try {
      assert.deepEqual(readServicesFile(tree.ctx.layout), { services: [] });
      writeFileSync(
        tree.ctx.layout.servicesFile,
        JSON.stringify({ object: 'services', version: 1, services: [{ name: 'a', url: 'ftp://x' }] }),
      );
      const bad = readServicesFile(tree.ctx.layout);
      assert.deepEqual(bad.services, []);
      assert.match(bad.problem?.reason ?? '', /does not match the services schema/);
      writeFileSync(
        tree.ctx.layout.servicesFile,
        JSON.stringify({
          object: 'services',
          version: 1,
          services: [{ name: 'a', url: 'http://localhost:1/x', timeoutMs: 100 }],
        }),
      );
      assert.equal(readServicesFile(tree.ctx.layout).services[0]?.timeoutMs, 100);
    } finally {
      tree.cleanup();
    }
  });
});
