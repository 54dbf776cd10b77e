import { execFileSync } from 'node:child_process';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core/money/decimal';
import { dashboardIsBuilt } from '../../../src/dashboard/assets';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from './browser';
import { api, createToken, REPO_ROOT, startService, type RunningService } from './service';

/**
 * Chromium comes from Debian (scripts/setup-test-deps.sh, which CI runs first). When it is missing the script
 * is tried here too; only if the browser still cannot be had are these tests skipped, loudly.
 */
function ensureChromium(): boolean {
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

const canRun = ensureChromium();

const WAIT = { timeout: 30_000 };
/** Each test waits on several conditions; a loaded two-core machine may need minutes, never a sleep. */
const TEST_TIMEOUT = 180_000;

interface InstrumentJson {
  id: string;
  kind: string;
  quoteCurrency: string;
  minQuantity: string;
  priceIncrement: string;
}

describe.skipIf(!canRun)('dashboard in Chromium against the running service', () => {
  let service: RunningService;
  let browser: Browser;
  let instrument: InstrumentJson;

  beforeAll(async () => {
    if (!dashboardIsBuilt())
      execFileSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
    service = await startService();
    browser = await launchChromium();
    const listed = await api<{ instruments: InstrumentJson[] }>(
      service,
      service.adminToken,
      'GET',
      '/api/v1/instruments',
    );
    // An FX pair when there is one: the synthetic feed quotes it and its minimum is one unit.
    const found = listed.body.instruments.find((i) => i.kind === 'fx') ?? listed.body.instruments[0];
    if (found === undefined) throw new Error('the service lists no instruments');
    instrument = found;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  async function openDashboard(token: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(service.baseUrl);
    await page.fill('[data-testid=token-input]', token);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=prices] tbody tr', WAIT);
    await page.waitForSelector('[data-testid=connection]:has-text("live")', WAIT);
    return page;
  }

  async function restingBuyPrice(): Promise<string> {
    const prices = await api<{ prices: { instrumentId: string; bid: string }[] }>(
      service,
      service.adminToken,
      'GET',
      '/api/v1/prices',
    );
    const quote = prices.body.prices.find((p) => p.instrumentId === instrument.id);
    if (quote === undefined) throw new Error(`no quote for ${instrument.id}`);
    // One percent under the bid: far enough not to fill during the test, near enough for any price band.
    return Decimal.parse(quote.bid)
      .mul(Decimal.parse('0.99'))
      .roundToIncrement(Decimal.parse(instrument.priceIncrement), 'down')
      .toString();
  }

  it(
    'shows a read-only token prices and orders but no ticket, cancel buttons or kill switch',
    async () => {
      const resting = await api(service, service.adminToken, 'POST', '/api/v1/orders', {
        clientOrderId: 'dash-test-resting-1',
        accountId: await homeAccount(service, instrument),
        instrumentId: instrument.id,
        side: 'buy',
        type: 'limit',
        quantity: instrument.minQuantity,
        price: await restingBuyPrice(),
        timeInForce: 'GTC',
      });
      expect(resting.status, JSON.stringify(resting.body)).toBe(201);

      const page = await openDashboard(await createToken(service, 'read'));
      await page.waitForSelector('[data-testid=open-order][data-order-id="dash-test-resting-1"]', WAIT);
      await expect(page.textContent('[data-testid=scope]')).resolves.toContain('read');
      await page.waitForSelector('[data-testid=read-only-note]', WAIT);
      expect(await page.locator('[data-testid=order-ticket]').count()).toBe(0);
      expect(await page.locator('[data-testid=cancel-order]').count()).toBe(0);
      expect(await page.locator('[data-testid=kill-switch]').count()).toBe(0);
      expect(await page.locator('[data-testid=kill-dialog]').count()).toBe(0);
      expect(await page.locator('[data-testid=resume-trading]').count()).toBe(0);

      // The token lives in the tab's session storage: a reload stays logged in, with the same scope.
      await page.reload();
      await page.waitForSelector('[data-testid=read-only-note]', WAIT);
      expect(await page.locator('[data-testid=token-input]').count()).toBe(0);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'places a market order from the ticket and sees it fill, in the fills and as a position',
    async () => {
      const page = await openDashboard(await createToken(service, 'trade'));
      await page.selectOption('[data-testid=ticket-instrument]', instrument.id);
      await page.waitForSelector('[data-testid=ticket-bid]', WAIT);
      await page.click('[data-testid=ticket-side-buy]');
      await page.selectOption('[data-testid=ticket-type]', 'market');
      await page.fill('[data-testid=ticket-quantity]', instrument.minQuantity);
      await page.click('[data-testid=ticket-submit]');

      const status = page.locator('[data-testid=ticket-status]');
      await status.waitFor(WAIT);
      const orderId = await status.getAttribute('data-order-id');
      expect(orderId).toMatch(/^dash-/);
      await page.waitForSelector(`[data-testid=ticket-status][data-status=filled]`, WAIT);
      await page.waitForSelector(`[data-testid=fill-row][data-order-id="${orderId}"]`, WAIT);
      await page.waitForSelector(`[data-testid=position-row]:has-text("${instrument.id}")`, WAIT);

      const order = await api<{ status: string }>(
        service,
        service.adminToken,
        'GET',
        `/api/v1/orders/${orderId}`,
      );
      expect(order.body.status).toBe('filled');
      // The order's submit-to-ack time and its fill are plotted.
      await page.waitForSelector('[data-testid=chart-latency] svg path', { ...WAIT, state: 'attached' });
      await page.waitForSelector('[data-testid=chart-fill-ratio] svg path', { ...WAIT, state: 'attached' });
      await page.waitForSelector('[data-testid=chart-equity] svg path', { ...WAIT, state: 'attached' });
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'cancels a resting order from the open-orders table',
    async () => {
      const page = await openDashboard(await createToken(service, 'trade'));
      const id = 'dash-test-resting-2';
      const placed = await api(service, service.adminToken, 'POST', '/api/v1/orders', {
        clientOrderId: id,
        accountId: await homeAccount(service, instrument),
        instrumentId: instrument.id,
        side: 'buy',
        type: 'limit',
        quantity: instrument.minQuantity,
        price: await restingBuyPrice(),
        timeInForce: 'GTC',
      });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      const row = `[data-testid=open-order][data-order-id="${id}"]`;
      await page.click(`${row} [data-testid=cancel-order]`, WAIT);
      await page.waitForSelector(row, { ...WAIT, state: 'detached' });
      const order = await api<{ status: string }>(service, service.adminToken, 'GET', `/api/v1/orders/${id}`);
      expect(order.body.status).toBe('canceled');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'engages the kill switch after confirmation: trading HALTED and every open order gone',
    async () => {
      const page = await openDashboard(service.adminToken);
      await page.selectOption('[data-testid=ticket-instrument]', instrument.id);
      await page.click('[data-testid=ticket-side-buy]');
      await page.selectOption('[data-testid=ticket-type]', 'limit');
      await page.selectOption('[data-testid=ticket-tif]', 'GTC');
      await page.fill('[data-testid=ticket-quantity]', instrument.minQuantity);
      await page.fill('[data-testid=ticket-price]', await restingBuyPrice());
      await page.click('[data-testid=ticket-submit]');
      const orderId = await page.locator('[data-testid=ticket-status]').getAttribute('data-order-id', WAIT);
      await page.waitForSelector(`[data-testid=open-order][data-order-id="${orderId}"]`, WAIT);
      expect(await page.locator('[data-testid=open-order]').count()).toBeGreaterThanOrEqual(1);

      // Backing out of the confirmation changes nothing.
      await page.click('[data-testid=kill-switch]');
      await page.waitForSelector('[data-testid=kill-dialog][open]', WAIT);
      await page.click('[data-testid=kill-cancel]');
      await page.waitForSelector('[data-testid=kill-dialog]:not([open])', { ...WAIT, state: 'attached' });
      await expect(page.textContent('[data-testid=trading-state]')).resolves.toContain('ACTIVE');
      expect(await page.locator(`[data-testid=open-order][data-order-id="${orderId}"]`).count()).toBe(1);

      await page.click('[data-testid=kill-switch]');
      await page.waitForSelector('[data-testid=kill-dialog][open]', WAIT);
      await page.click('[data-testid=kill-confirm]');

      await page.waitForSelector('[data-testid=trading-state]:has-text("HALTED")', WAIT);
      await page.waitForSelector('[data-testid=halted-banner]', WAIT);
      await page.waitForSelector('[data-testid=no-open-orders]', WAIT);
      await expect(page.textContent('[data-testid=open-order-count]')).resolves.toBe('0');
      await page.waitForSelector('[data-testid=alert]:has-text("kill-switch")', WAIT);
      await page.screenshot({ path: '/tmp/tmt-dashboard-halted.png', fullPage: true });

      const risk = await api<{ tradingState: { global: string } }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/risk',
      );
      expect(risk.body.tradingState.global).toBe('HALTED');
      const open = await api<{ orders: unknown[] }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/orders?open=true',
      );
      expect(open.body.orders).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});

/** The account kept in the instrument's quote currency (the dashboard's own default), else the first. */
async function homeAccount(service: RunningService, instrument: InstrumentJson): Promise<string> {
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
