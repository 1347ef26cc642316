/**
 * The built admin UI in Chromium against a real gateway and a fake OpenAI upstream: sign in, create
 * a provider, a deployment, a price and a key through the forms, call /v1 with the openai SDK and
 * find the request in the request log; a bad value shows the server's message by its field; every
 * page at phone width without horizontal scrolling; a VIEWER admin token sees no edit controls; a
 * notification appears live on the Notifications page, and "Send test" shows what the webhook answered;
 * the response cache: the dashboard's counts follow a miss and a hit live, the request log and Usage &
 * costs show the hit, an ADMIN clears the cache (a VIEWER cannot).
 * Screenshots go to admin-svelte/test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestGateway, testMasterKey, type TestGateway } from '../../core/gateway/test/support/test-gateway.ts';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { navigation } from '../src/lib/navigation.ts';
import { chromiumAvailable, collectConsoleErrors, launchChromium } from './support/browser.ts';
import { buildAdminUi, repositoryRoot } from './support/build-ui.ts';

const artifacts = join(repositoryRoot, 'admin-svelte', 'test-artifacts');
const enabled = chromiumAvailable();

let gateway: TestGateway;
let fake: OpenAIFakeUpstream;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[] = [];
let createdKey = '';

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** With CONDUIT_UPDATE_DOCS_SCREENSHOTS=1, also the README's pictures (viewport only, under docs/admin-ui/). */
async function docScreenshot(name: string): Promise<void> {
  if (!process.env.CONDUIT_UPDATE_DOCS_SCREENSHOTS) return;
  mkdirSync(join(repositoryRoot, 'docs', 'admin-ui'), { recursive: true });
  await page.screenshot({ path: join(repositoryRoot, 'docs', 'admin-ui', `${name}.png`) });
}

async function openPage(path: string, heading: string): Promise<void> {
  await page.goto(`${gateway.url}/admin${path}`);
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await page.getByText('Loading…').first().waitFor({ state: 'detached' }).catch(() => {});
}

if (enabled) {
  test.before(async () => {
    mkdirSync(artifacts, { recursive: true });
    buildAdminUi();
    fake = await startOpenAIFakeUpstream();
    gateway = await startTestGateway();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    consoleErrors = collectConsoleErrors(page);
  });

  test.after(async () => {
    await browser?.close();
    await gateway?.close();
    await fake?.close();
  });

  test('a wrong admin key is refused with the server message; the right one signs in', async () => {
    await page.goto(`${gateway.url}/admin/`);
    await page.getByLabel('Admin key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = await gateway.graphqlRaw('{ me { role } }', undefined, 'not-the-key');
    const refusalMessage = refusal.body.errors?.[0]?.message ?? '';
    assert.match(refusalMessage, /invalid admin credential/);
    await page.getByText(refusalMessage).waitFor();
    assert.is(await page.evaluate(() => sessionStorage.length), 0);
    await page.getByLabel('Admin key').fill(testMasterKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    assert.is(await page.evaluate(() => sessionStorage.getItem('conduit.adminKey')), testMasterKey);
    assert.is(await page.evaluate(() => localStorage.length), 0, 'the key never goes to localStorage');
    await screenshot('desktop-sign-in-dashboard-empty');
  });

  test('creates a provider pointing at the fake upstream from the plugin-driven form', async () => {
    await openPage('/providers', 'Providers');
    await page.getByRole('button', { name: 'New provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByLabel('Type', { exact: true }).selectOption('openai');
    await form.getByLabel('Name', { exact: true }).fill('Fake OpenAI');
    await form.getByLabel('Base URL').fill(fake.provider.baseUrl);
    await form.getByLabel('API key').fill(fake.provider.credentials.apiKey!);
    await form.getByLabel('Organization id (OpenAI-Organization header)').fill('org-ui');
    await form.getByRole('button', { name: 'Create provider' }).click();
    await page.getByRole('cell', { name: 'Fake OpenAI', exact: true }).waitFor();
    const stored = await gateway.graphql<{ providers: Array<{ name: string; baseUrl: string; hasApiKey: boolean; options: Record<string, unknown> }> }>(
      '{ providers { name baseUrl hasApiKey options } }',
    );
    assert.equal(stored.providers, [{ name: 'Fake OpenAI', baseUrl: fake.provider.baseUrl, hasApiKey: true, options: { organization: 'org-ui' } }]);
  });

  test('a duplicate provider name shows the server message next to the Name field', async () => {
    await page.getByRole('button', { name: 'New provider' }).click();
    const form = page.getByRole('form', { name: 'New provider' });
    await form.getByLabel('Type', { exact: true }).selectOption('openai');
    await form.getByLabel('Name', { exact: true }).fill('Fake OpenAI');
    await form.getByLabel('Base URL').fill(fake.provider.baseUrl);
    // A complete provider otherwise (an openai provider needs its API key), so the name is what is refused.
    await form.getByLabel('API key').fill(fake.provider.credentials.apiKey!);
    await form.getByRole('button', { name: 'Create provider' }).click();
    const name = form.getByLabel('Name', { exact: true });
    await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
    assert.is(await name.getAttribute('aria-invalid'), 'true');
    const describedBy = (await name.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(`#${describedBy.split(' ').pop()}`).textContent();
    assert.is(message, 'input.name: a provider with this name already exists');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  test('creates a deployment of the provider', async () => {
    await openPage('/models', 'Models');
    await page.getByRole('button', { name: 'New deployment' }).click();
    const form = page.getByRole('form', { name: 'New deployment' });
    await form.getByLabel('Public model name').fill('ui-model');
    await form.getByLabel('Provider', { exact: true }).selectOption({ label: 'Fake OpenAI (openai)' });
    await form.getByLabel('Provider model').fill('gpt-4o');
    await form.getByRole('button', { name: 'Create deployment' }).click();
    await page.getByRole('heading', { level: 2, name: 'ui-model' }).waitFor();
    await screenshot('desktop-models');
    await docScreenshot('models');
  });

  test('a negative price is refused with the server message by its field; a good one is created', async () => {
    const refused = await gateway.graphqlRaw('mutation { createModelCost(input: { model: "x", inputPerMillion: -1, outputPerMillion: 1 }) { id } }');
    const serverMessage = refused.body.errors?.[0]?.message;
    assert.ok(serverMessage, 'the API refuses a negative price');

    await openPage('/prices', 'Prices');
    await page.getByRole('button', { name: 'New price' }).click();
    const form = page.getByRole('form', { name: 'New price' });
    await form.getByLabel('Model', { exact: true }).fill('ui-model');
    await form.getByLabel('Input per 1M tokens (USD)', { exact: true }).fill('-1');
    await form.getByLabel('Output per 1M tokens (USD)', { exact: true }).fill('10');
    await form.getByRole('button', { name: 'Create price' }).click();
    const input = form.getByLabel('Input per 1M tokens (USD)', { exact: true });
    await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
    assert.is(await input.getAttribute('aria-invalid'), 'true');
    const errorId = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').pop();
    assert.is(await page.locator(`#${errorId}`).textContent(), serverMessage);

    await input.fill('2.5');
    await form.getByRole('button', { name: 'Create price' }).click();
    await page.getByRole('cell', { name: 'ui-model', exact: true }).waitFor();
    const prices = await gateway.graphql<{ modelCosts: Array<{ model: string; inputPerMillion: number; outputPerMillion: number }> }>('{ modelCosts { model inputPerMillion outputPerMillion } }');
    assert.equal(prices.modelCosts, [{ model: 'ui-model', inputPerMillion: 2.5, outputPerMillion: 10 }]);
  });

  test('creates a virtual key and shows its clear text once', async () => {
    await openPage('/keys', 'Virtual keys');
    await page.getByRole('button', { name: 'New key' }).click();
    const form = page.getByRole('form', { name: 'New virtual key' });
    await form.getByLabel('Name', { exact: true }).fill('ui key');
    await form.getByLabel('Budget (USD)').fill('5');
    await form.getByLabel('Budget period').selectOption('MONTHLY');
    await form.getByLabel('Allowed models').fill('ui-*');
    await form.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('created-key');
    await shown.waitFor();
    createdKey = (await shown.textContent()) ?? '';
    assert.match(createdKey, /^ck-/);
    await page.getByText('it is shown only this once').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'ui key', exact: true }).waitFor();
    assert.is(await page.getByTestId('created-key').count(), 0, 'the clear key is gone once closed');
    await screenshot('desktop-keys');
  });

  test('a request through /v1 with the openai SDK appears in the request log with its cost', async () => {
    const completion = await gateway.openai(createdKey).chat.completions.create({ model: 'ui-model', messages: [{ role: 'user', content: 'Hello' }] });
    assert.is(completion.choices[0]?.message.content, 'Hello from the fake OpenAI upstream.');
    await openPage('/requests', 'Request log');
    const requestId = completion.id;
    const row = page.getByRole('cell', { name: 'ui-model', exact: true }).first();
    for (let attempt = 0; attempt < 40 && (await row.count()) === 0; attempt++) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(250);
    }
    await row.waitFor();
    await page.getByRole('button', { name: /^Details of request/ }).first().click();
    const detail = page.getByRole('region', { name: /^Request / });
    await detail.waitFor();
    const text = (await detail.textContent()) ?? '';
    assert.match(text, /ui-model → gpt-4o/);
    assert.match(text, /ui key/);
    assert.match(text, /10 in · 7 out/);
    // 10 × 2.5 + 7 × 10 per million tokens.
    assert.match(text, /\$0\.000095/);
    assert.ok(requestId);
    await screenshot('desktop-request-log');
    await docScreenshot('request-log');
  });

  test('the dashboard shows the request, the provider and the key spend', async () => {
    await openPage('/', 'Dashboard');
    const tile = page.getByRole('region', { name: 'Recent requests', exact: true });
    assert.match((await tile.textContent()) ?? '', /Recent requests\s*1\s/);
    await page.getByRole('region', { name: 'Top keys by spend this period', exact: true }).getByText('ui key').waitFor();
    await page.getByRole('figure', { name: /^Latency in milliseconds/ }).locator('canvas').waitFor();
    await screenshot('desktop-dashboard');
    await docScreenshot('dashboard');
  });

  test('the request log tails requestLogged live over graphql-ws: a /v1 call appears without reloading; pause holds rows until resume', async () => {
    await openPage('/requests', 'Request log');
    await page.getByRole('status').filter({ hasText: /^\s*Live\s*$/ }).waitFor();
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const rows = page.locator('table[aria-label="Requests"] tbody tr');
    const before = await rows.count();
    assert.ok(before >= 1);
    // The subscription is set up once the connection acknowledges; a request sent before would be missed.
    await page.waitForTimeout(300);
    await gateway.openai(createdKey).chat.completions.create({ model: 'ui-model', messages: [{ role: 'user', content: 'Live?' }] });
    await page.waitForFunction((count) => document.querySelectorAll('table[aria-label="Requests"] tbody tr').length === count + 1, before);

    await page.getByRole('button', { name: 'Pause live tail' }).click();
    await gateway.openai(createdKey).chat.completions.create({ model: 'ui-model', messages: [{ role: 'user', content: 'Held?' }] });
    await page.getByRole('status').filter({ hasText: 'Paused: 1 new' }).waitFor();
    assert.is(await rows.count(), before + 1, 'a paused tail holds the new row back');
    await page.getByRole('button', { name: 'Resume live tail' }).click();
    await page.waitForFunction((count) => document.querySelectorAll('table[aria-label="Requests"] tbody tr').length === count + 2, before);
    assert.ok(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'the page was not reloaded');
    const stored = await gateway.graphql<{ requestLogs: { edges: unknown[] } }>('{ requestLogs(first: 100) { edges { node { id } } } }');
    assert.is(stored.requestLogs.edges.length, before + 2, 'the table shows each request once');
  });

  test('dashboard: live tiles from liveStats, spend today and the 24 h / 7 d / 30 d chart from usage', async () => {
    await openPage('/', 'Dashboard');
    const rps = page.getByRole('region', { name: 'Requests/s', exact: true });
    // liveStats reports every 5 s; the first report replaces the placeholder.
    await rps.getByText(/^\d+\.\d\d$/).waitFor({ timeout: 15_000 });
    assert.match((await page.getByRole('region', { name: 'Error rate', exact: true }).textContent()) ?? '', /\d+\.\d%/);
    assert.match((await rps.textContent()) ?? '', /in flight · last 5 s/);

    const today = new Date();
    const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())).toISOString();
    const totals = await gateway.graphql<{ usageTotals: { cost: number; requests: number } }>(
      'query ($from: DateTime!, $to: DateTime!) { usageTotals(from: $from, to: $to) { cost requests } }',
      { from, to: new Date(Date.now() + 60_000).toISOString() },
    );
    assert.ok(totals.usageTotals.requests >= 3 && totals.usageTotals.cost > 0);
    const spend = page.getByRole('region', { name: 'Spend today', exact: true });
    await spend.getByText(`${totals.usageTotals.requests} requests (UTC day)`).waitFor();
    assert.match((await spend.textContent()) ?? '', new RegExp(`\\$${totals.usageTotals.cost.toFixed(6).replace('.', '\\.')}`));

    const chart = page.getByRole('figure', { name: /^Requests and cost per hour over the last 24 hours/ });
    await chart.locator('canvas').waitFor();
    await page.getByRole('button', { name: '7 d', exact: true }).click();
    assert.is(await page.getByRole('button', { name: '7 d', exact: true }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('figure', { name: /^Requests and cost per day over the last 7 days/ }).locator('canvas').waitFor();
    await page.getByRole('button', { name: '30 d', exact: true }).click();
    await page.getByRole('figure', { name: /^Requests and cost per day over the last 30 days/ }).locator('canvas').waitFor();
    await screenshot('desktop-dashboard-live');
  });

  test('Usage & costs: totals, by day and by model/key over the chosen days, a reversed range refused, CSV export as the API gives it', async () => {
    await openPage('/usage', 'Usage & costs');
    const day = (date: Date) => date.toISOString().slice(0, 10);
    const from = `${day(new Date(Date.now() - 6 * 86_400_000))}T00:00:00.000Z`;
    const to = new Date(new Date(`${day(new Date())}T00:00:00.000Z`).getTime() + 86_400_000).toISOString();
    const expected = await gateway.graphql<{ usage: Array<{ model: string; requests: number; cost: number }> }>(
      'query ($from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, groupBy: [MODEL]) { model requests cost } }',
      { from, to },
    );
    assert.is(expected.usage.length, 1);
    const byModel = page.getByRole('table', { name: 'Usage by model' });
    const row = byModel.getByRole('row').filter({ hasText: 'ui-model' });
    await row.waitFor();
    assert.is(((await row.getByRole('cell').nth(1).textContent()) ?? '').trim(), String(expected.usage[0]!.requests));
    await page.getByRole('table', { name: 'Usage by day' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('figure', { name: 'Requests and cost per day' }).locator('canvas').waitFor();

    await page.getByLabel('Group by').selectOption({ label: 'Virtual key' });
    await page.getByRole('button', { name: 'Show usage' }).click();
    await page.getByRole('table', { name: 'Usage by virtual key' }).getByRole('row').filter({ hasText: 'ui key' }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile((await file.path())!, 'utf8');
    const api = await gateway.graphql<{ exportUsage: string }>(
      'query ($from: DateTime!, $to: DateTime!) { exportUsage(from: $from, to: $to, groupBy: [VIRTUAL_KEY], bucket: DAY, format: CSV) }',
      { from, to },
    );
    assert.is(csv, api.exportUsage);
    assert.ok(csv.split('\n').length >= 2, 'a header and a row');

    await page.getByLabel('From (UTC day)').fill('2026-12-31');
    await page.getByLabel('To (UTC day)').fill('2026-01-01');
    await page.getByRole('button', { name: 'Show usage' }).click();
    await page.getByText('The end date is before the start date').waitFor();
    await screenshot('desktop-usage');
  });

  test('response cache: the dashboard panel counts 1 miss and 1 hit live, the request log marks the hit, Usage & costs counts it, an ADMIN clears the cache', async () => {
    const { modelDeployments } = await gateway.graphql<{ modelDeployments: Array<{ id: string; modelName: string }> }>('{ modelDeployments { id modelName } }');
    const deploymentId = modelDeployments.find((deployment) => deployment.modelName === 'ui-model')!.id;
    await gateway.graphql('mutation ($id: ID!) { updateModelDeployment(id: $id, input: { cacheTtlSeconds: 600 }) { id } }', { id: deploymentId });
    const ask = () => gateway.openai(createdKey).chat.completions.create({ model: 'ui-model', messages: [{ role: 'user', content: 'Cached?' }] }).withResponse();
    try {
      await openPage('/', 'Dashboard');
      const panel = page.getByRole('region', { name: 'Response cache', exact: true });
      const counts = panel.locator('dl');
      await counts.filter({ hasText: /Hit rate\s*—\s*Hits\s*0\s*Misses\s*0\s*Bypasses\s*0\s*Answers stored\s*0\s*Waited for an identical request\s*0\s*Store errors\s*0\s*Store\s*memory of this instance/ }).waitFor();
      assert.match((await panel.textContent()) ?? '', /this instance's since it started/);
      await page.evaluate(() => Object.assign(window, { conduitSamePage: true }));
      const statsQueries: string[] = [];
      const onRequest = (request: { url(): string; postData(): string | null }): void => {
        if (request.url().endsWith('/graphql') && (request.postData() ?? '').includes('CacheStats')) statsQueries.push(request.postData()!);
      };
      page.on('request', onRequest);

      const first = await ask();
      const second = await ask();
      assert.equal([first.response.headers.get('x-conduit-cache'), second.response.headers.get('x-conduit-cache')], ['MISS', 'HIT']);
      // A busier moment: requests that never reach the cache (no deployment serves the model) arrive at once.
      const unknown = await Promise.all(
        Array.from({ length: 6 }, () => gateway.openai(createdKey).chat.completions.create({ model: 'ui-unknown', messages: [{ role: 'user', content: 'x' }] }).then(() => 200, (error: { status?: number }) => error.status)),
      );
      assert.equal(unknown, [404, 404, 404, 404, 404, 404]);
      // liveStats reports every 5 s; the report that counts these requests makes the panel read the counts again.
      await counts.filter({ hasText: /Hit rate\s*50\.0%\s*Hits\s*1\s*Misses\s*1\s*Bypasses\s*0\s*Answers stored\s*1\s/ }).waitFor({ timeout: 15_000 });
      page.off('request', onRequest);
      assert.ok(await page.evaluate(() => (window as unknown as { conduitSamePage?: boolean }).conduitSamePage === true), 'without a reload');
      // Once per live report that counted requests (the 8 requests fall in one or two), not once per request.
      assert.ok(statsQueries.length >= 1 && statsQueries.length <= 2, `cacheStats was read ${statsQueries.length} times for 8 requests`);
      await screenshot('desktop-dashboard-response-cache');
      // The dashboard's latest requests mark the hit too (read as the page opens).
      await openPage('/', 'Dashboard');
      const latest = page.getByRole('region', { name: 'Latest requests', exact: true });
      await latest.getByText('hit', { exact: true }).waitFor();
      assert.is(await latest.getByText('hit', { exact: true }).count(), 1, 'only the hit is marked');

      const hitId = second.response.headers.get('x-request-id')!;
      const missId = first.response.headers.get('x-request-id')!;
      await openPage('/requests', 'Request log');
      const hitDetails = page.getByRole('button', { name: `Details of request ${hitId}`, exact: true });
      for (let attempt = 0; attempt < 40 && (await hitDetails.count()) === 0; attempt++) {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await page.waitForTimeout(250);
      }
      const requests = page.getByRole('table', { name: 'Requests' });
      const hitRow = requests.getByRole('row').filter({ has: hitDetails });
      const missRow = requests.getByRole('row').filter({ has: page.getByRole('button', { name: `Details of request ${missId}`, exact: true }) });
      assert.is(((await hitRow.locator('td[data-label="Cache"]').textContent()) ?? '').trim(), 'hit');
      assert.is(((await missRow.locator('td[data-label="Cache"]').textContent()) ?? '').trim(), '');
      assert.is(await requests.locator('td[data-label="Cache"]').filter({ hasText: 'hit' }).count(), 1, 'only the answer from the cache is marked');
      await hitDetails.click();
      const detail = page.getByRole('region', { name: `Request ${hitId}` });
      assert.match((await detail.textContent()) ?? '', /Response cache\s*hit: answered from the cache, no provider called/);
      assert.match((await detail.textContent()) ?? '', /Cost\s*\$0\.00/);
      await page.getByRole('button', { name: `Details of request ${missId}`, exact: true }).click();
      assert.match((await page.getByRole('region', { name: `Request ${missId}` }).textContent()) ?? '', /Response cache\s*not answered from the cache/);
      await screenshot('desktop-request-log-cache-hit');

      const day = (date: Date) => date.toISOString().slice(0, 10);
      const from = `${day(new Date(Date.now() - 6 * 86_400_000))}T00:00:00.000Z`;
      const to = new Date(new Date(`${day(new Date())}T00:00:00.000Z`).getTime() + 86_400_000).toISOString();
      const totals = await gateway.graphql<{ usageTotals: { requests: number; cacheHits: number } }>('query ($from: DateTime!, $to: DateTime!) { usageTotals(from: $from, to: $to) { requests cacheHits } }', { from, to });
      assert.is(totals.usageTotals.cacheHits, 1);
      await openPage('/usage', 'Usage & costs');
      const tile = page.getByRole('region', { name: 'Cache hits', exact: true });
      await tile.getByText('1', { exact: true }).waitFor();
      assert.match((await tile.textContent()) ?? '', new RegExp(`${((1 / totals.usageTotals.requests) * 100).toFixed(1).replace('.', '\\.')}% of requests`));
      const cacheColumn = async (table: string, rowText: string) => {
        const headers = (await page.getByRole('table', { name: table }).getByRole('columnheader').allTextContents()).map((text) => text.trim());
        const row = page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: rowText });
        return ((await row.getByRole('cell').nth(headers.indexOf('Cache hits')).textContent()) ?? '').trim();
      };
      assert.is(await cacheColumn('Usage by model', 'ui-model'), '1');
      assert.is(await cacheColumn('Usage by day', day(new Date())), '1');
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const { readFile } = await import('node:fs/promises');
      const [header, ...lines] = (await readFile((await (await download).path())!, 'utf8')).trim().split('\n').map((line) => line.split(','));
      const exported = lines.find((line) => line.includes('ui-model'));
      assert.ok(header!.includes('cacheHits') && exported, 'the export has a cacheHits column and a ui-model row');
      assert.is(exported[header!.indexOf('cacheHits')], '1');
      await screenshot('desktop-usage-cache-hits');

      await openPage('/', 'Dashboard');
      await panel.getByRole('button', { name: 'Clear cache', exact: true }).click();
      const confirm = panel.getByRole('group', { name: 'Confirm: Clear cache' });
      assert.match((await confirm.textContent()) ?? '', /Every cached answer is removed; identical requests go to the providers again/);
      await confirm.getByRole('button', { name: 'Confirm: Clear cache' }).click();
      await panel.getByRole('status').filter({ hasText: 'Cache cleared: the next requests go to the providers' }).waitFor();
      await confirm.waitFor({ state: 'detached' });
      // The question closes and the focus goes back to the button that asked it.
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Clear cache');
      const audit = await gateway.graphql<{ auditLog: { edges: Array<{ node: { mutation: string } }> } }>('{ auditLog(first: 1) { edges { node { mutation } } } }');
      assert.is(audit.auditLog.edges[0]?.node.mutation, 'clearResponseCache');
      const again = await ask();
      assert.is(again.response.headers.get('x-conduit-cache'), 'MISS', 'the cleared answer is asked of the provider again');
    } finally {
      // Later tests count what reaches the fake upstream.
      await gateway.graphql('mutation ($id: ID!) { updateModelDeployment(id: $id, input: { cacheTtlSeconds: null }) { id } }', { id: deploymentId });
    }
  });

  test('Test connection checks the provider; Delete asks first, naming the deployments that go with it', async () => {
    const spareId = await gateway.createOpenAIProvider('Spare provider', fake);
    await gateway.createDeployment({ modelName: 'spare-model', providerId: spareId, providerModel: 'gpt-4o-mini' });
    await openPage('/providers', 'Providers');
    await page.getByRole('button', { name: 'Test connection of Fake OpenAI' }).click();
    await page.getByText('Fake OpenAI: UP').waitFor();

    await page.getByRole('button', { name: 'Delete Spare provider', exact: true }).click();
    const confirm = page.getByRole('group', { name: 'Confirm: Delete Spare provider' });
    assert.match((await confirm.textContent()) ?? '', /Its deployments are deleted with it: spare-model \(gpt-4o-mini\)/);
    await confirm.getByRole('button', { name: 'Confirm: Delete Spare provider' }).click();
    await page.getByText('Deleted Spare provider').waitFor();
    await page.getByRole('cell', { name: 'Spare provider', exact: true }).waitFor({ state: 'detached' });
    const left = await gateway.graphql<{ providers: Array<{ name: string }>; modelDeployments: Array<{ modelName: string }> }>('{ providers { name } modelDeployments { modelName } }');
    assert.equal(left.providers.map((provider) => provider.name), ['Fake OpenAI']);
    assert.equal(left.modelDeployments.map((deployment) => deployment.modelName), ['ui-model']);
  });

  test('Audio: minutes transcribed, characters spoken and cost by provider and model from usage; audio deployments with what they declare; audio health history', async () => {
    const { providers } = await gateway.graphql<{ providers: Array<{ id: string; name: string }> }>('{ providers { id name } }');
    const providerId = providers.find((provider) => provider.name === 'Fake OpenAI')!.id;
    await gateway.createDeployment({ modelName: 'ui-whisper', providerId, providerModel: 'whisper-1' });
    await gateway.createDeployment({ modelName: 'ui-voice', providerId, providerModel: 'tts-1' });
    const { virtualKeys } = await gateway.graphql<{ virtualKeys: Array<{ id: string; name: string }> }>('{ virtualKeys { id name } }');
    const row = {
      virtualKeyId: virtualKeys.find((key) => key.name === 'ui key')!.id,
      providerId,
      providerModel: null,
      deploymentId: null,
      stream: false,
      status: 200,
      errorCode: null,
      errorMessage: null,
      promptTokens: null,
      completionTokens: null,
      cachedTokens: null,
      totalTokens: null,
      usageEstimated: false,
      unpriced: false,
      latencyMs: 300,
      firstByteMs: null,
      attempts: 1,
      clientIp: '127.0.0.1',
    };
    // The audio endpoints write rows like these; the page reads them back through usage.
    gateway.gateway.logWriter.append({ ...row, requestId: 'ui-audio-1', endpoint: 'audio/transcriptions', model: 'ui-whisper', audioSeconds: 150, characters: null, costNanos: 20_000_000, createdAt: new Date() });
    gateway.gateway.logWriter.append({ ...row, requestId: 'ui-audio-2', endpoint: 'audio/speech', model: 'ui-voice', audioSeconds: 30, characters: 2000, costNanos: 30_000_000, createdAt: new Date() });
    await gateway.gateway.logWriter.flush();
    // Audio health checks are opt-in per provider: a short speech synthesis and a transcription of a bundled clip.
    await gateway.graphql('mutation ($id: ID!, $options: JSON) { updateProvider(id: $id, input: { options: $options }) { id } }', {
      id: providerId,
      options: { organization: 'org-ui', audioHealthCheck: { speechModel: 'tts-1', transcriptionModel: 'whisper-1' } },
    });
    await gateway.graphql('mutation ($id: ID!) { checkProviderHealth(providerId: $id) { status } }', { id: providerId });

    await openPage('/audio', 'Audio');
    const tile = (name: string) => page.getByRole('region', { name, exact: true });
    await tile('Minutes transcribed').getByText('2.5', { exact: true }).waitFor();
    await tile('Characters spoken').getByText('2,000', { exact: true }).waitFor();
    assert.match((await tile('Audio cost').textContent()) ?? '', /\$0\.05\s*2 requests/);
    const byProvider = page.getByRole('table', { name: 'Audio usage by provider' });
    assert.match((await byProvider.getByRole('row').filter({ hasText: 'Fake OpenAI' }).textContent()) ?? '', /Fake OpenAI\s*2\s*2\.5\s*2,000\s*\$0\.05/);
    assert.is(await byProvider.getByRole('row').count(), 2, 'a header and one provider: chat requests are not audio');
    await page.getByRole('figure', { name: 'Audio cost per day by provider' }).locator('canvas').waitFor();
    await page.getByLabel('Cost by').selectOption('MODEL');
    const byModel = page.getByRole('table', { name: 'Audio usage by model' });
    await byModel.getByRole('row').filter({ hasText: 'ui-voice' }).waitFor();
    assert.match((await byModel.getByRole('row').filter({ hasText: 'ui-whisper' }).textContent()) ?? '', /ui-whisper\s*1\s*2\.5\s*0\s*\$0\.02/);
    await page.getByRole('button', { name: '30 d', exact: true }).click();
    assert.is(await page.getByRole('button', { name: '30 d', exact: true }).getAttribute('aria-pressed'), 'true');
    await byModel.getByRole('row').filter({ hasText: 'ui-voice' }).waitFor();

    const deployments = page.getByRole('table', { name: 'Audio deployments' });
    const whisper = (await deployments.getByRole('row').filter({ hasText: 'ui-whisper' }).textContent()) ?? '';
    assert.match(whisper, /transcribe, translate/);
    assert.match(whisper, /files 25 MB/);
    const voice = (await deployments.getByRole('row').filter({ hasText: 'ui-voice' }).textContent()) ?? '';
    assert.match(voice, /speak \(stream\)/);
    assert.match(voice, /alloy, ash, coral, echo, fable, onyx \+3 more/);
    assert.match(voice, /mp3, opus, aac, flac, wav, pcm/);

    const health = page.getByRole('table', { name: 'Audio provider health' });
    await health.getByRole('row').filter({ hasText: 'Fake OpenAI' }).getByText('up', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Audio checks of Fake OpenAI' }).click();
    const checks = page.getByRole('table', { name: 'Audio checks of Fake OpenAI' });
    await checks.getByRole('row').nth(1).waitFor();
    const checkRows = (await checks.getByRole('row').allTextContents()).slice(1);
    assert.equal(checkRows.map((text) => (/speech synthesis/.test(text) ? 'speech' : /transcription/.test(text) ? 'transcription' : text)).sort(), ['speech', 'transcription'], 'only the audio checks, not the liveness probe');
    assert.is(await checks.getByText('up', { exact: true }).count(), 2, checkRows.join(' | '));
    await gateway.graphql('mutation ($id: ID!, $options: JSON) { updateProvider(id: $id, input: { options: $options }) { id } }', { id: providerId, options: { organization: 'org-ui' } });
    await screenshot('desktop-audio');
    await docScreenshot('audio');
  });

  test('the playground streams an answer through /v1 with the typed-in key and shows tokens and cost', async () => {
    await openPage('/playground', 'Playground');
    const form = page.getByRole('form', { name: 'Chat' });
    await form.getByLabel('Virtual key').fill(createdKey);
    await form.getByLabel('Model', { exact: true }).fill('ui-model');
    await form.getByLabel('Message').fill('Say hello');
    await form.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('.chat-message.assistant');
    await answer.getByText('Hello from the fake OpenAI upstream.').waitFor();
    await answer.getByText(/10 in, 7 out/).waitFor();
    assert.match((await answer.textContent()) ?? '', /first token \d+ ms/);
    assert.match((await answer.textContent()) ?? '', /\$0\.000095/);
    const sent = fake.lastRequest();
    assert.is((sent.body as { stream?: boolean }).stream, true);

    await form.getByLabel('Virtual key').fill('ck-not-a-key');
    await form.getByLabel('Message').fill('Again');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByRole('alert').waitFor();
    assert.match((await form.getByRole('alert').textContent()) ?? '', /key/i);
    await screenshot('desktop-playground');
  });

  test('models: fallbacks saved through the form, a loop flagged, a routing strategy chosen', async () => {
    await gateway.graphql('mutation { createFallbackRule(input: { modelName: "backup-model", fallbacks: ["ui-model"] }) { id } }');
    await openPage('/models', 'Models');
    const fallbacks = page.getByRole('form', { name: 'Fallbacks of ui-model' });
    await fallbacks.getByLabel('Fallbacks of ui-model').fill('backup-model');
    await fallbacks.getByRole('button', { name: 'Save fallbacks' }).click();
    await page.getByText('Loop: the fallbacks lead back to ui-model').waitFor();

    const strategy = page.getByRole('form', { name: 'Routing strategy of ui-model' });
    const options = await strategy.getByLabel('Routing strategy of ui-model').locator('option').allTextContents();
    const chosen = options.find((option) => !option.startsWith('default'))!;
    await strategy.getByLabel('Routing strategy of ui-model').selectOption(chosen);
    await strategy.getByRole('button', { name: 'Save strategy' }).click();
    await strategy.getByText(`Strategy of ui-model: ${chosen}`).waitFor();
    const stored = await gateway.graphql<{ routerSettings: { modelStrategies: Array<{ modelName: string; strategy: string }> }; fallbackRules: Array<{ modelName: string; fallbacks: string[] }> }>(
      '{ routerSettings { modelStrategies { modelName strategy } } fallbackRules { modelName fallbacks } }',
    );
    assert.equal(stored.routerSettings.modelStrategies, [{ modelName: 'ui-model', strategy: chosen }]);
    assert.ok(stored.fallbackRules.some((rule) => rule.modelName === 'ui-model' && rule.fallbacks.join() === 'backup-model'));
  });

  test('prices: a CSV import with a bad row shows the server message and changes nothing; a good one imports; export downloads', async () => {
    await openPage('/prices', 'Prices');
    const form = page.getByRole('form', { name: 'Import prices' });
    const data = form.getByLabel('Price table to import');
    await data.fill('model,inputPerMillion,outputPerMillion\nimported-model,1,2\nbroken-model,cheap,2\n');
    await form.getByRole('button', { name: 'Import' }).click();
    await page.waitForFunction(() => document.querySelector('textarea[aria-invalid="true"]') !== null);
    const errorId = ((await data.getAttribute('aria-describedby')) ?? '').split(' ').pop();
    assert.match((await page.locator(`#${errorId}`).textContent()) ?? '', /'cheap' on line 3 is not a number/);
    assert.is(await page.getByRole('cell', { name: 'imported-model', exact: true }).count(), 0);

    await data.fill('model,inputPerMillion,outputPerMillion\nimported-model,1,2\n');
    await form.getByRole('button', { name: 'Import' }).click();
    await form.getByText('Imported: 1 created, 0 updated, 0 deleted').waitFor();
    await page.getByRole('cell', { name: 'imported-model', exact: true }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    assert.is(file.suggestedFilename(), 'conduit-prices.csv');
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile((await file.path())!, 'utf8');
    assert.match(csv, /^model,/);
    assert.match(csv, /imported-model,1,2/);
    assert.match(csv, /ui-model,2\.5,10/);
  });

  test('virtual keys: editing limits shows a refused value by its field, then saves; disable and enable', async () => {
    await openPage('/keys', 'Virtual keys');
    await page.getByRole('button', { name: 'Edit key ui key' }).click();
    const form = page.getByRole('form', { name: 'Edit key ui key' });
    const budget = form.getByLabel('Budget (USD)');
    await budget.fill('-5');
    await form.getByRole('button', { name: 'Save key' }).click();
    await page.waitForFunction(() => document.querySelector('input[aria-invalid="true"]') !== null);
    const errorId = ((await budget.getAttribute('aria-describedby')) ?? '').split(' ').pop();
    assert.match((await page.locator(`#${errorId}`).textContent()) ?? '', /maxBudget/);

    await budget.fill('10');
    await form.getByLabel('Requests per minute').fill('60');
    await form.getByRole('button', { name: 'Save key' }).click();
    await page.getByText('Key ui key saved').waitFor();
    await page.getByRole('button', { name: 'Disable key ui key' }).click();
    await page.getByRole('button', { name: 'Enable key ui key' }).waitFor();
    const stored = await gateway.graphql<{ virtualKeys: Array<{ maxBudget: number; rpm: number; enabled: boolean; budgetPeriod: string; allowedModels: string[] }> }>(
      '{ virtualKeys { maxBudget rpm enabled budgetPeriod allowedModels } }',
    );
    assert.equal(stored.virtualKeys, [{ maxBudget: 10, rpm: 60, enabled: false, budgetPeriod: 'MONTHLY', allowedModels: ['ui-*'] }]);
    await page.getByRole('button', { name: 'Enable key ui key' }).click();
    await page.getByRole('button', { name: 'Disable key ui key' }).waitFor();
  });

  test('key permissions: a key limited to audio through the editor is refused chat with 403 permission_denied; a negative realtime limit is refused by its field; every kind again', async () => {
    await openPage('/keys', 'Virtual keys');
    await page.getByRole('button', { name: 'New key' }).click();
    const form = page.getByRole('form', { name: 'New virtual key' });
    await form.getByLabel('Name', { exact: true }).fill('audio only');
    await form.getByLabel('Every kind of request').uncheck();
    await form.getByText('No kind ticked: the key may make no request at all.').waitFor();
    await form.getByLabel('Speech', { exact: true }).check();
    await form.getByLabel('Audio transcription', { exact: true }).check();
    await form.getByLabel('Realtime sessions at once').fill('2');
    await screenshot('desktop-key-permissions-form');
    await form.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('created-key');
    await shown.waitFor();
    const audioKey = (await shown.textContent()) ?? '';
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ hasText: 'audio only' });
    assert.match((await row.textContent()) ?? '', /Audio transcription, Speech/);
    const stored = async () =>
      (await gateway.graphql<{ virtualKeys: Array<{ id: string; name: string; permissions: string[] | null; maxRealtimeSessions: number | null }> }>('{ virtualKeys { id name permissions maxRealtimeSessions } }')).virtualKeys.find(
        (key) => key.name === 'audio only',
      )!;
    assert.equal([(await stored()).permissions, (await stored()).maxRealtimeSessions], [['AUDIO_TRANSCRIPTION', 'AUDIO_SPEECH'], 2]);

    const refused = await gateway
      .openai(audioKey)
      .chat.completions.create({ model: 'ui-model', messages: [{ role: 'user', content: 'Hello' }] })
      .then(() => undefined, (error: { status?: number; code?: string }) => error);
    assert.equal([refused?.status, refused?.code], [403, 'permission_denied']);

    await page.getByRole('button', { name: 'Edit key audio only' }).click();
    const edit = page.getByRole('form', { name: 'Edit key audio only' });
    assert.ok(await edit.getByLabel('Speech', { exact: true }).isChecked(), 'the editor shows the stored permissions');
    assert.not.ok(await edit.getByLabel('Chat completions', { exact: true }).isChecked());
    const sessions = edit.getByLabel('Realtime sessions at once');
    assert.is(await sessions.inputValue(), '2');
    await sessions.fill('-1');
    await edit.getByRole('button', { name: 'Save key' }).click();
    await page.waitForFunction(() => document.querySelector('input[aria-invalid="true"]') !== null);
    const errorId = ((await sessions.getAttribute('aria-describedby')) ?? '').split(' ').pop();
    const serverMessage = (await gateway.graphqlRaw('mutation ($id: ID!) { updateVirtualKey(id: $id, input: { maxRealtimeSessions: -1 }) { id } }', { id: (await stored()).id })).body.errors?.[0]?.message;
    assert.is(await page.locator(`#${errorId}`).textContent(), serverMessage);
    await sessions.fill('');
    await edit.getByLabel('Every kind of request').check();
    await edit.getByRole('button', { name: 'Save key' }).click();
    await page.getByText('Key audio only saved').waitFor();
    assert.equal([(await stored()).permissions, (await stored()).maxRealtimeSessions], [null, null]);
    const answer = await gateway.openai(audioKey).chat.completions.create({ model: 'ui-model', messages: [{ role: 'user', content: 'Hello' }] });
    assert.is(answer.choices[0]?.message.content, 'Hello from the fake OpenAI upstream.', 'the key cache took the change at once');
    await screenshot('desktop-key-permissions');
    // Later tests count the keys.
    await gateway.graphql('mutation ($id: ID!) { deleteVirtualKey(id: $id) }', { id: (await stored()).id });
  });

  test('IP filtering: a malformed range shows the server message by its field; a key rule is added and listed', async () => {
    await openPage('/ip-filters', 'IP filtering');
    const form = page.getByRole('form', { name: 'New IP rule' });
    const cidr = form.getByLabel('Address or CIDR range');
    await cidr.fill('10.0.0.300/8');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.waitForFunction(() => document.querySelector('input[aria-invalid="true"]') !== null);
    const errorId = ((await cidr.getAttribute('aria-describedby')) ?? '').split(' ').pop();
    const shown = (await page.locator(`#${errorId}`).textContent()) ?? '';
    const refused = await gateway.graphqlRaw('mutation { createIpFilter(input: { cidr: "10.0.0.300/8", action: DENY }) { id } }');
    assert.is(shown, refused.body.errors?.[0]?.message);

    await cidr.fill('203.0.113.0/24');
    await form.getByLabel('Applies to').selectOption({ label: 'Key ui key' });
    await form.getByLabel('Description').fill('documentation range');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const row = page.getByRole('row').filter({ hasText: '203.0.113.0/24' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /deny.*key ui key.*documentation range/);
  });

  test('webhook settings: enabling without a URL shows the server message by the URL field; a full setting saves, the secret write-only', async () => {
    await openPage('/notifications', 'Notifications');
    const form = page.getByRole('form', { name: 'Webhook settings' });
    await form.getByLabel('Send notifications to the webhook').check();
    await form.getByRole('button', { name: 'Save webhook settings' }).click();
    const url = form.getByLabel('Webhook URL');
    await page.waitForFunction(() => document.querySelector('input[aria-invalid="true"]') !== null);
    const errorId = ((await url.getAttribute('aria-describedby')) ?? '').split(' ').pop();
    assert.is(await page.locator(`#${errorId}`).textContent(), 'input.url: is required to enable the webhook');

    await url.fill(`${fake.origin}/hook`);
    await form.getByLabel('Signing secret').fill('a-signing-secret-of-32-characters');
    await form.getByRole('button', { name: 'Save webhook settings' }).click();
    await form.getByText('Webhook settings saved').waitFor();
    assert.is(await form.getByLabel('Signing secret').inputValue(), '', 'the secret is not shown back');
    await form.getByText('Set. Type a new one to replace it.').waitFor();
    const stored = await gateway.graphql<{ webhookSettings: { enabled: boolean; url: string; hasSecret: boolean } }>('{ webhookSettings { enabled url hasSecret } }');
    assert.equal(stored.webhookSettings, { enabled: true, url: `${fake.origin}/hook`, hasSecret: true });
  });

  test('Notifications: a notification created while the page is open appears without reload or polling; "Send test" shows what the receiver answered', async () => {
    const hooks: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    let answer = 204;
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        hooks.push({ headers: request.headers, body });
        response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/conduit-hook`;
    try {
      await openPage('/notifications', 'Notifications');
      const queries: string[] = [];
      const onRequest = (request: { url(): string; postData(): string | null }): void => {
        if (request.url().endsWith('/graphql')) queries.push(request.postData() ?? '');
      };
      page.on('request', onRequest);
      await page.evaluate(() => Object.assign(window, { conduitSamePage: true }));

      // Made elsewhere (the API), while the page is open: disabling a key raises KEY_DISABLED. Until the
      // subscription is registered on the server a notification could come too early, so it tries again.
      let shown = false;
      for (let attempt = 1; attempt <= 5 && !shown; attempt++) {
        const name = `noticed key ${attempt}`;
        const key = await gateway.createKey({ name });
        await gateway.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id: key.id });
        shown = await page
          .getByRole('row')
          .filter({ hasText: `Virtual key '${name}' was disabled.` })
          .waitFor({ timeout: 2000 })
          .then(() => true, () => false);
      }
      assert.ok(shown, 'the new notification appeared in the list');
      assert.ok(await page.evaluate(() => (window as unknown as { conduitSamePage?: boolean }).conduitSamePage === true), 'without a reload');
      assert.equal(queries.filter((query) => query.includes('Notifications(')), [], 'without querying the list again');
      page.off('request', onRequest);
      await screenshot('desktop-notifications-live');

      const form = page.getByRole('form', { name: 'Webhook settings' });
      await form.getByLabel('Webhook URL').fill(receiverUrl);
      await form.getByRole('button', { name: 'Save webhook settings' }).click();
      await form.getByText('Webhook settings saved').waitFor();
      const result = form.getByLabel('Webhook test result');

      await form.getByRole('button', { name: 'Send test' }).click();
      await result.getByText(/^Test delivered: the receiver answered HTTP 204 in \d+ ms\.$/).waitFor();
      const test = hooks.find((hook) => hook.headers['x-conduit-event'] === 'TEST');
      assert.ok(test, 'the receiver got the TEST notification');
      assert.match(String(test.headers['x-conduit-signature']), /^sha256=[0-9a-f]{64}$/);

      answer = 500;
      await form.getByRole('button', { name: 'Send test' }).click();
      await result.getByText(/^Test failed: the receiver answered HTTP 500 in \d+ ms\.$/).waitFor();
      await screenshot('desktop-notifications-send-test');
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  test('a VIEWER admin token signs in, its role is kept, and no page shows a create, edit or delete control', async () => {
    const created = await gateway.graphql<{ createAdminToken: { token: string } }>(
      'mutation { createAdminToken(input: { name: "auditor", role: VIEWER }) { token } }',
    );
    const revoked = await gateway.graphql<{ createAdminToken: { token: string; adminToken: { id: string } } }>(
      'mutation { createAdminToken(input: { name: "gone", role: ADMIN }) { token adminToken { id } } }',
    );
    await gateway.graphql('mutation ($id: ID!) { revokeAdminToken(id: $id) { id } }', { id: revoked.createAdminToken.adminToken.id });
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewer = await viewerContext.newPage();
    const viewerErrors = collectConsoleErrors(viewer);
    try {
      await viewer.goto(`${gateway.url}/admin/`);
      await viewer.getByLabel('Admin key').fill(revoked.createAdminToken.token);
      await viewer.getByRole('button', { name: 'Sign in' }).click();
      const refusal = await gateway.graphqlRaw('{ me { role } }', undefined, revoked.createAdminToken.token);
      const refusalMessage = refusal.body.errors?.[0]?.message ?? '';
      assert.ok(refusalMessage.length > 0, 'the gateway refuses a revoked token');
      await viewer.getByText(refusalMessage).waitFor();
      assert.is(await viewer.evaluate(() => sessionStorage.length), 0, 'a refused key is not kept');

      await viewer.getByLabel('Admin key').fill(created.createAdminToken.token);
      await viewer.getByRole('button', { name: 'Sign in' }).click();
      await viewer.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      await viewer.getByText('auditor · viewer').waitFor();
      assert.equal(JSON.parse((await viewer.evaluate(() => sessionStorage.getItem('conduit.adminIdentity'))) ?? 'null'), { name: 'auditor', role: 'VIEWER' });

      const editControl = /^(New |Add |Create |Edit |Save |Delete |Confirm|Import$|Disable |Enable |Mark |Check .* now|Test connection|Clear cache)/;
      const navigationLinks = await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
      assert.ok(navigationLinks.includes('Virtual keys') && !navigationLinks.includes('Admin tokens') && !navigationLinks.includes('Audit log'), 'ADMIN-only pages are not in a VIEWER\'s navigation');
      await viewer.goto(`${gateway.url}/admin/admin-tokens`);
      await viewer.getByText('This page needs the admin role; you are signed in as viewer.').waitFor();
      assert.is(await viewer.getByRole('table').count(), 0);
      for (const group of navigation) {
        for (const entry of group.pages.filter((candidate) => !candidate.requires)) {
          await viewer.goto(`${gateway.url}/admin${entry.path}`);
          await viewer.getByRole('heading', { level: 1, name: entry.title, exact: true }).waitFor();
          await viewer.getByText('Loading…').first().waitFor({ state: 'detached' }).catch(() => {});
          assert.is(await viewer.getByRole('alert').count(), 0, `${entry.title} shows an error to a VIEWER`);
          const names = await viewer.getByRole('button').evaluateAll((buttons) =>
            buttons.map((button) => button.getAttribute('aria-label') ?? button.textContent?.trim() ?? ''),
          );
          const offending = names.filter((name) => editControl.test(name));
          assert.equal(offending, [], `${entry.title} shows edit controls to a VIEWER`);
          for (const form of ['New IP rule', 'Import prices', 'New provider', 'New virtual key']) {
            assert.is(await viewer.getByRole('form', { name: form }).count(), 0, `${entry.title} shows the form "${form}" to a VIEWER`);
          }
        }
      }
      // The response cache counts are readable; clearing is not offered, and the server refuses it to a
      // session that still believes it is ADMIN (a role lowered while signed in), with its message shown.
      await viewer.goto(`${gateway.url}/admin/`);
      const cachePanel = viewer.getByRole('region', { name: 'Response cache', exact: true });
      await cachePanel.locator('dl').filter({ hasText: /Hits\s*\d+\s*Misses/ }).waitFor();
      assert.is(await cachePanel.getByRole('button').count(), 0, 'no Clear cache for a VIEWER');
      await viewer.evaluate(() => sessionStorage.setItem('conduit.adminIdentity', JSON.stringify({ name: 'auditor', role: 'ADMIN' })));
      await viewer.reload();
      await cachePanel.getByRole('button', { name: 'Clear cache', exact: true }).click();
      await cachePanel.getByRole('button', { name: 'Confirm: Clear cache' }).click();
      const forbidden = (await gateway.graphqlRaw('mutation { clearResponseCache }', undefined, created.createAdminToken.token)).body.errors?.[0];
      assert.is(forbidden?.extensions?.code, 'FORBIDDEN');
      await cachePanel.getByRole('alert').filter({ hasText: forbidden!.message }).waitFor();
      await viewer.evaluate(() => sessionStorage.setItem('conduit.adminIdentity', JSON.stringify({ name: 'auditor', role: 'VIEWER' })));
      // The settings stay readable, not editable.
      await viewer.goto(`${gateway.url}/admin/routing`);
      const strategy = viewer.getByLabel('Default routing strategy');
      await strategy.waitFor();
      assert.ok(await strategy.isDisabled(), 'router settings are read-only for a VIEWER');
      // The rows edited earlier by the master key are listed, without their controls.
      await viewer.goto(`${gateway.url}/admin/keys`);
      await viewer.getByRole('row').filter({ hasText: 'ui key' }).first().waitFor();
      assert.is(await viewer.getByRole('button', { name: /key ui key/ }).count(), 0);
      assert.equal(viewerErrors.filter((error) => !error.includes('401')), []);
    } finally {
      await viewerContext.close();
    }
    // The master key's session still shows them.
    await openPage('/keys', 'Virtual keys');
    await page.getByRole('button', { name: 'Edit key ui key' }).waitFor();
    await page.getByRole('button', { name: 'New key' }).waitFor();
  });

  test('Admin tokens: created with a role and shown once, usable, then revoked; the Audit log lists the changes and tails new ones live', async () => {
    await openPage('/admin-tokens', 'Admin tokens');
    const form = page.getByRole('form', { name: 'New admin token' });
    await form.getByLabel('Token name').fill('ops bot');
    await form.getByLabel('Role').selectOption('OPERATOR');
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByTestId('created-token');
    await shown.waitFor();
    const token = (await shown.textContent()) ?? '';
    const me = await gateway.graphqlRaw('{ me { name role } }', undefined, token);
    assert.equal(me.body.data, { me: { name: 'ops bot', role: 'OPERATOR' } });
    await page.getByRole('button', { name: 'Done' }).click();
    assert.is(await page.getByTestId('created-token').count(), 0, 'the token is not shown again');
    const row = page.getByRole('table', { name: 'Admin tokens' }).getByRole('row').filter({ hasText: 'ops bot' });
    assert.match((await row.textContent()) ?? '', /operator.*active/);
    assert.not.ok((await page.content()).includes(token), 'the clear token is gone from the page');
    await page.getByRole('button', { name: 'Revoke token ops bot' }).click();
    await row.getByText(/^revoked/).waitFor();
    const refused = await gateway.graphqlRaw('{ me { name } }', undefined, token);
    assert.ok(refused.body.errors?.length, 'a revoked token is refused');

    await openPage('/audit-log', 'Audit log');
    const entries = page.getByRole('table', { name: 'Audit entries' });
    await entries.getByRole('row').filter({ hasText: 'revokeAdminToken' }).first().waitFor();
    assert.match((await entries.getByRole('row').filter({ hasText: 'createAdminToken' }).first().textContent()) ?? '', /master/);
    await page.waitForTimeout(300);
    await gateway.graphql('mutation { createKeyGroup(input: { name: "audited live" }) { id } }');
    await entries.getByRole('row').filter({ hasText: 'createKeyGroup' }).filter({ hasText: 'audited live' }).waitFor();
    await page.getByLabel('Entity').fill('adminToken');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.waitForFunction(() => !document.querySelector('table[aria-label="Audit entries"]')?.textContent?.includes('createKeyGroup'));
    assert.ok((await entries.getByRole('row').count()) >= 3);
    await screenshot('desktop-audit-log');
  });

  test('every page at 1280 and 390 px wide: loads, no horizontal scroll, a screenshot each', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      for (const group of navigation) {
        for (const entry of group.pages) {
          await openPage(entry.path, entry.title);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${entry.title} at ${width} px scrolls sideways by ${overflow} px`);
          assert.is(await page.getByRole('alert').count(), 0, `${entry.title} shows an error`);
          await screenshot(`${width === 390 ? 'phone' : 'desktop'}-${entry.path === '/' ? 'dashboard' : entry.path.slice(1)}`);
        }
      }
    }
  });

  test('the phone menu opens the navigation with the keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openPage('/', 'Dashboard');
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.focus();
    await page.keyboard.press('Enter');
    assert.is(await menu.getAttribute('aria-expanded'), 'true');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prices' }).click();
    await page.getByRole('heading', { level: 1, name: 'Prices' }).waitFor();
  });

  test('the dark theme follows prefers-color-scheme', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await openPage('/', 'Dashboard');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.is(background, 'rgb(15, 20, 25)');
    await screenshot('desktop-dashboard-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.is(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(246, 247, 249)');
  });

  test('sign out forgets the key; signing in again works with the keyboard alone', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin key').waitFor();
    assert.is(await page.evaluate(() => sessionStorage.getItem('conduit.adminKey')), null);
    await page.reload();
    await page.keyboard.press('Tab');
    assert.is(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'password');
    await page.keyboard.type(testMasterKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // Skip link first, then the navigation, reachable by Tab.
    await page.keyboard.press('Tab');
    assert.is(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  });

  test('no console errors (CSP violations included) in the whole run', () => {
    assert.equal(consoleErrors.filter((error) => !error.includes('401')), []);
  });
}

test.run();
