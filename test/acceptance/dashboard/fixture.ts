import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { Decimal } from '../../../src/core/money/decimal';
import { chromiumAvailable, CHROMIUM_PATH } from './browser';
import { api, REPO_ROOT, type RunningService } from './service';

export const WAIT = { timeout: 30_000 };
/** Each test waits on several conditions; a loaded two-core machine may need minutes, never a sleep. */
export const TEST_TIMEOUT = 180_000;
/** Screenshots of each view, kept as test artifacts (git-ignored). */
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'dashboard');

export interface InstrumentJson {
  id: string;
  kind: string;
  quoteCurrency: string;
  minQuantity: string;
  priceIncrement: string;
}

/**
 * Chromium comes from Debian (scripts/setup-test-deps.sh, which CI runs first). When it is missing the script
 * is tried here too; only if the browser still cannot be had are these tests skipped, loudly.
 */
export function ensureChromium(): boolean {
  if (chromiumAvailable()) return true;
  try {
    execFileSync('bash', [`${REPO_ROOT}/scripts/setup-test-deps.sh`], { stdio: 'inherit', timeout: 600_000 });
  } catch (error) {
    console.error(`installing Chromium failed: ${String(error)}`);
  }
  if (chromiumAvailable()) return true;
  console.error(
    `\n!!! DASHBOARD BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH} and it could not be installed (scripts/setup-test-deps.sh needs root and Debian's apt). !!!\n`,
  );
  return false;
}

/** Logs in with the token and waits for a live stream, and live prices unless the market is still. */
export async function openDashboard(
  browser: Browser,
  service: Pick<RunningService, 'baseUrl'>,
  token: string,
  viewport = { width: 1440, height: 900 },
  { prices = true }: { prices?: boolean } = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(service.baseUrl);
  await page.fill('[data-testid=token-input]', token);
  await page.click('[data-testid=login-submit]');
  if (prices) await page.waitForSelector('[data-testid=prices] tbody tr', WAIT);
  await page.waitForSelector('[data-testid=connection]:has-text("live")', WAIT);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** An FX pair when there is one: the synthetic feed quotes it and its minimum is one unit. */
export async function pickInstrument(service: RunningService): Promise<InstrumentJson> {
  const listed = await api<{ instruments: InstrumentJson[] }>(
    service,
    service.adminToken,
    'GET',
    '/api/v1/instruments',
  );
  const found = listed.body.instruments.find((i) => i.kind === 'fx') ?? listed.body.instruments[0];
  if (found === undefined) throw new Error('the service lists no instruments');
  return found;
}

/** One percent under the bid: far enough not to fill during the test, near enough for any price band. */
export async function restingBuyPrice(service: RunningService, instrument: InstrumentJson): Promise<string> {
  const prices = await api<{ prices: { instrumentId: string; bid: string }[] }>(
    service,
    service.adminToken,
    'GET',
    '/api/v1/prices',
  );
  const quote = prices.body.prices.find((p) => p.instrumentId === instrument.id);
  if (quote === undefined) throw new Error(`no quote for ${instrument.id}`);
  return Decimal.parse(quote.bid)
    .mul(Decimal.parse('0.99'))
    .roundToIncrement(Decimal.parse(instrument.priceIncrement), 'down')
    .toString();
}

/** The account kept in the instrument's quote currency (the dashboard's own default), else the first. */
export async function homeAccount(service: RunningService, instrument: InstrumentJson): Promise<string> {
  const accounts = await api<{ accounts: { accountId: string; state?: { baseCurrency?: string } }[] }>(
    service,
    service.adminToken,
    'GET',
    '/api/v1/accounts',
  );
  const account =
    accounts.body.accounts.find((a) => a.state?.baseCurrency === instrument.quoteCurrency) ??
    accounts.body.accounts[0];
  if (account === undefined) throw new Error('the service lists no accounts');
  return account.accountId;
}
