import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (scripts/setup-test-deps.sh installs it); a test tool's own browser download never works here. */
export const CHROMIUM_PATH = process.env.TMT_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Headless Chromium. Playwright gives every launch a fresh, empty profile (its own --user-data-dir). The
 * background-networking flags matter on these machines: the network is closed, and Chromium's calls home
 * otherwise fail, many at a time, at every start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
