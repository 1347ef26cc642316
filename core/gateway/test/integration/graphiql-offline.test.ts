/**
 * GraphiQL at /graphql works with no network beyond the gateway: in Debian's Chromium (driven by
 * playwright-core), with every request to another origin blocked, the page renders the editor,
 * loads the schema through the gateway and logs no error; its HTML refers only to same-origin assets.
 * The same browser also checks that a page on another origin may call /v1 (CORS, as OpenAI's API).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium, type Browser } from 'playwright-core';
import { startTestGateway, testMasterKey, type TestGateway } from '../support/test-gateway.ts';

const test = suite<{ harness: TestGateway; browser: Browser }>('GraphiQL offline');

test.before(async (context) => {
  context.harness = await startTestGateway();
  context.browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
test.after(async ({ harness, browser }) => {
  await browser?.close();
  await harness?.close();
});

test('the page refers only to same-origin assets, and each of them loads', async ({ harness }) => {
  const response = await fetch(`${harness.url}/graphql`, { headers: { accept: 'text/html' } });
  assert.is(response.status, 200);
  const html = await response.text();
  const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
  assert.ok(references.length >= 3, html);
  assert.not.match(html, /https?:\/\//, 'no absolute URL to another host');
  for (const reference of [...references, 'graphql/assets/editor.worker.js', 'graphql/assets/json.worker.js', 'graphql/assets/graphql.worker.js']) {
    const asset = await fetch(new URL(reference, `${harness.url}/graphql`));
    assert.is(asset.status, 200, reference);
    assert.ok((await asset.arrayBuffer()).byteLength > 100, reference);
  }
  assert.is((await fetch(`${harness.url}/graphql/assets/nope.js`)).status, 404);
});

test('in Chromium with other hosts blocked, GraphiQL renders and loads the schema without errors', async ({ harness, browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${testMasterKey}` } });
  const origin = new URL(harness.url).origin;
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('blob:') || url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const introspection = page.waitForResponse(
    (answer) => answer.url().endsWith('/graphql') && answer.request().method() === 'POST' && (answer.request().postData() ?? '').includes('__schema'),
    { timeout: 90_000 },
  );
  // Awaited below; handled now so a failure before that point is reported, not thrown unhandled.
  introspection.catch(() => undefined);
  await page.goto(`${harness.url}/graphql`, { timeout: 90_000 });
  await page.waitForSelector('.graphiql-container', { timeout: 90_000 });
  const introspected = await introspection;
  assert.is(introspected.status(), 200, await introspected.text());
  await page.waitForSelector('.graphiql-editor', { timeout: 30_000 });
  assert.equal(blocked, [], 'requests to other hosts');
  assert.equal(errors, [], 'console errors');
  await context.close();
});

test('a page on another origin calls /v1 with its key and reads the answer and its headers', async ({ harness, browser }) => {
  const { key } = await harness.createKey();
  const context = await browser.newContext();
  // localhost and 127.0.0.1 are two origins; both on loopback, so Chromium's private-network rules stay out of it.
  const gateway = new URL(harness.url);
  const pageOrigin = `http://${gateway.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${gateway.port}`;
  const page = await context.newPage();
  await page.goto(`${pageOrigin}/health/live`);
  const result = await page.evaluate(
    async ({ url, key }) => {
      // The authorization header makes this a request the browser preflights.
      const response = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}`, 'x-stainless-lang': 'js' } });
      return { status: response.status, requestId: response.headers.get('x-request-id'), body: (await response.json()) as { object: string } };
    },
    { url: harness.url, key },
  );
  assert.is(result.status, 200);
  assert.is(result.body.object, 'list');
  assert.match(result.requestId ?? '', /^req_/, 'x-request-id is readable');
  await context.close();
});

test.run();
