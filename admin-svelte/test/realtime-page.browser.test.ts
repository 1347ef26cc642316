/**
 * The Realtime page in Chromium against a real gateway: a session registered with the gateway's
 * registry appears live (no reload, no polling), its duration ticks and its cost follows the updates;
 * Close (after a confirmation) aborts the session's signal, and the row leaves when it ends; a VIEWER
 * sees the sessions without a Close button; the settings save, and a bad value is shown by its field.
 */
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestGateway, testMasterKey, type TestGateway } from '../../core/gateway/test/support/test-gateway.ts';
import type { RealtimeSessionHandle } from '../../core/gateway/src/ports/realtime-sessions.ts';
import { chromiumAvailable, collectConsoleErrors, launchChromium } from './support/browser.ts';
import { buildAdminUi } from './support/build-ui.ts';

const enabled = chromiumAvailable();
let gateway: TestGateway;
let browser: Browser;
let page: Page;
let consoleErrors: string[] = [];

function register(id: string, startedAt = new Date()): RealtimeSessionHandle {
  return gateway.gateway.realtimeSessions.register({
    id,
    virtualKeyId: 'key-ui',
    virtualKeyName: 'kiosk voice',
    model: 'gpt-realtime',
    providerId: 'provider-ui',
    deploymentId: 'deployment-ui',
    startedAt,
  });
}

async function signIn(target: Page, key: string): Promise<void> {
  await target.goto(`${gateway.url}/admin/`);
  await target.getByLabel('Admin key').fill(key);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}

async function openRealtime(target: Page): Promise<void> {
  await target.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Realtime' }).click();
  await target.getByRole('heading', { level: 1, name: 'Realtime' }).waitFor();
}

if (enabled) {
  test.before(async () => {
    buildAdminUi();
    gateway = await startTestGateway();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    consoleErrors = collectConsoleErrors(page);
    await signIn(page, testMasterKey);
  });

  test.after(async () => {
    await browser?.close();
    await gateway?.close();
  });

  test('a session appears live with a ticking duration and its cost; Close ends it after a confirmation', async () => {
    await openRealtime(page);
    await page.getByText('No realtime session is open.').waitFor();
    await waitForSubscriber();
    const handle = register('rt-ui-1', new Date(Date.now() - 65_000));
    const row = page.locator('tr[data-session-id="rt-ui-1"]');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /kiosk voice.*gpt-realtime/);
    const duration = row.getByTestId('duration');
    const first = (await duration.textContent()) ?? '';
    assert.match(first, /^1:0[5-9]$/, `duration ${first}; row ${await row.textContent()}`);
    await page.waitForFunction((before) => document.querySelector('tr[data-session-id="rt-ui-1"] [data-testid="duration"]')?.textContent !== before, first);

    handle.update({ inputTokens: 1200, outputTokens: 800, audioSecondsIn: 30, audioSecondsOut: 12.5, costNanos: 12_345_678 });
    await row.getByTestId('cost').filter({ hasText: '$0.01' }).waitFor();
    assert.match((await row.textContent()) ?? '', /30\.0 s \/ 12\.5 s.*1,200 \/ 800/);

    const aborted = new Promise<void>((resolve) => handle.signal.addEventListener('abort', () => resolve()));
    await row.getByRole('button', { name: 'Close session rt-ui-1' }).click();
    assert.not.ok(handle.signal.aborted, 'not before the confirmation');
    await row.getByRole('button', { name: 'Confirm: Close session rt-ui-1' }).click();
    await aborted;
    assert.is(handle.signal.reason, 'closed by an admin');
    // The endpoint ends a closed session; the row leaves with it.
    handle.end();
    await row.waitFor({ state: 'detached' });
    await page.getByText('No realtime session is open.').waitFor();
  });

  test('a VIEWER sees the open sessions and the settings, with no Close button and no Save', async () => {
    const created = await gateway.graphql<{ createAdminToken: { token: string } }>(
      'mutation { createAdminToken(input: { name: "watcher", role: VIEWER }) { token } }',
    );
    const viewer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const handle = register('rt-ui-viewer');
    try {
      await signIn(viewer, created.createAdminToken.token);
      await openRealtime(viewer);
      const row = viewer.locator('tr[data-session-id="rt-ui-viewer"]');
      await row.waitFor();
      assert.is(await viewer.getByRole('button', { name: /Close session/ }).count(), 0);
      await viewer.getByLabel('Sessions per key').waitFor();
      assert.ok(await viewer.getByLabel('Sessions per key').isDisabled());
      assert.is(await viewer.getByRole('button', { name: 'Save realtime settings' }).count(), 0);
    } finally {
      handle.end();
      await viewer.context().close();
    }
  });

  test('the settings save; a bad value is shown by its field', async () => {
    await openRealtime(page);
    const form = page.getByRole('form', { name: 'Realtime settings' });
    await form.getByLabel('Sessions per key').fill('3');
    await form.getByLabel('Sessions on the gateway').fill('250');
    await form.getByRole('button', { name: 'Save realtime settings' }).click();
    await form.getByText('Realtime settings saved').waitFor();
    assert.equal(
      await gateway.graphql('{ limitSettings { defaultMaxRealtimeSessions maxRealtimeSessions } }'),
      { limitSettings: { defaultMaxRealtimeSessions: 3, maxRealtimeSessions: 250 } },
    );
    await form.getByLabel('Sessions on the gateway').fill('300');
    await form.getByLabel('Idle timeout (s)').fill('0');
    await form.getByRole('button', { name: 'Save realtime settings' }).click();
    const idle = form.getByLabel('Idle timeout (s)');
    await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
    assert.is(await idle.getAttribute('aria-invalid'), 'true');
    assert.equal(await gateway.graphql('{ limitSettings { maxRealtimeSessions } }'), { limitSettings: { maxRealtimeSessions: 250 } }, 'nothing saved from the refused form');
  });

  test('no console errors (CSP violations included)', () => {
    assert.equal(consoleErrors, []);
  });
}

/** Waits until the page's realtimeSessionsChanged subscription is open on the gateway. */
async function waitForSubscriber(): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!gateway.gateway.events.listening('conduit:realtimeSessionChanged')) {
    if (Date.now() > deadline) throw new Error('the page never subscribed to realtimeSessionsChanged');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test.run();
