import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Koa from 'koa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adminContentSecurityPolicy, adminUiRoute } from '../../src/adapters/http/routes/admin-ui-route.ts';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';

const root = makeTempDir('admin-ui-route');
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>admin</title><script type="module" src="/admin/assets/index-abc123.js"></script>');
writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{}');
writeFileSync(join(root, 'robots.txt'), 'User-agent: *');

let server: Server;
let origin: string;

test.before(async () => {
  const app = new Koa();
  app.use(adminUiRoute(root));
  app.use((ctx) => {
    ctx.status = 404;
    ctx.body = 'next';
  });
  const handle = app.callback();
  // Koa's handler answers its own errors; nothing is left to await here.
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('index.html at /admin and /admin/ is revalidated every time and carries the CSP', async () => {
  for (const path of ['/admin', '/admin/', '/admin/index.html']) {
    const response = await fetch(origin + path);
    assert.is(response.status, 200, path);
    assert.is(response.headers.get('cache-control'), 'no-cache', path);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.is(response.headers.get('content-security-policy'), adminContentSecurityPolicy);
    assert.match(await response.text(), /<title>admin<\/title>/);
  }
});

test('the CSP allows no inline script and API calls only to this origin', () => {
  const directives = new Map(adminContentSecurityPolicy.split('; ').map((entry) => [entry.split(' ')[0], entry]));
  assert.is(directives.get('script-src'), "script-src 'self'");
  assert.is(directives.get('connect-src'), "connect-src 'self'");
  assert.is(directives.get('object-src'), "object-src 'none'");
  assert.not.match(adminContentSecurityPolicy, /unsafe-inline|unsafe-eval/);
});

test('hashed assets are cached for a year, immutable, with their type', async () => {
  const script = await fetch(`${origin}/admin/assets/index-abc123.js`);
  assert.is(script.status, 200);
  assert.is(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.is(await script.text(), 'console.log(1)');
  const style = await fetch(`${origin}/admin/assets/index-abc123.css`);
  assert.match(style.headers.get('content-type') ?? '', /^text\/css/);
  assert.is(style.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});

test('any other /admin path that is not a file gets index.html (SPA fallback), uncached', async () => {
  for (const path of ['/admin/keys', '/admin/providers/abc/edit', '/admin/requests?model=gpt-4o', '/admin/v1.2/page']) {
    const response = await fetch(origin + path);
    assert.is(response.status, 200, path);
    assert.is(response.headers.get('cache-control'), 'no-cache', path);
    assert.match(await response.text(), /<title>admin<\/title>/, path);
  }
});

test('a file outside assets/ is served, not cached for a year', async () => {
  const response = await fetch(`${origin}/admin/robots.txt`);
  assert.is(response.status, 200);
  assert.is(response.headers.get('cache-control'), 'no-cache');
});

test('a missing hashed asset is a 404, never index.html parsed as a script', async () => {
  const response = await fetch(`${origin}/admin/assets/index-old999.js`);
  assert.is(response.status, 404);
  assert.is(response.headers.get('cache-control'), 'no-store');
  assert.not.match(await response.text(), /<title>/);
});

test('paths that climb out of the build are not served', async () => {
  const response = await fetch(`${origin}/admin/%2e%2e/%2e%2e/etc/passwd`);
  assert.ok(response.status === 404 || response.status === 200);
  assert.not.match(await response.text(), /root:/);
});

test('other paths and methods pass through', async () => {
  assert.is(await (await fetch(`${origin}/administrator`)).text(), 'next');
  assert.is(await (await fetch(`${origin}/admin/keys`, { method: 'POST' })).text(), 'next');
});

test('a root given as a function is read per request: a build made while the gateway runs replaces the placeholder at the next load', async () => {
  const placeholder = makeTempDir('admin-ui-placeholder');
  writeFileSync(join(placeholder, 'index.html'), '<p>The admin UI is not built.</p>');
  let current = placeholder;
  const app = new Koa();
  app.use(adminUiRoute(() => current));
  const handle = app.callback();
  const switching = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => switching.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(switching.address() as AddressInfo).port}/admin`;
  try {
    assert.match(await (await fetch(url)).text(), /not built/);
    current = root;
    assert.match(await (await fetch(url)).text(), /<title>admin<\/title>/);
    assert.is((await fetch(`${url}/assets/index-abc123.js`)).status, 200);
  } finally {
    await new Promise<void>((resolve) => switching.close(() => resolve()));
  }
});

test.run();
