/**
 * Debian's Chromium (/usr/bin/chromium) through playwright-core, never a downloaded browser. Absent,
 * the browser tests skip with a conduit-skip line, unless CONDUIT_REQUIRE_SERVICES is set (CI), where
 * that is an error.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CONDUIT_REQUIRE_SERVICES) {
    throw new Error(`${chromiumPath} is missing and CONDUIT_REQUIRE_SERVICES is set: install it (apt-get install chromium)`);
  }
  console.log(`conduit-skip: admin UI browser tests need ${chromiumPath} (apt-get install chromium)`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Console errors and uncaught exceptions of a page, CSP violations included. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}
