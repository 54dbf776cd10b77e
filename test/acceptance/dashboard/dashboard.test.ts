import { execFileSync } from 'node:child_process';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dashboardIsBuilt } from '../../../src/dashboard/assets';
import { launchChromium } from './browser';
import {
  ensureChromium,
  homeAccount,
  openDashboard as openPage,
  pickInstrument,
  restingBuyPrice as restingPrice,
  screenshot,
  TEST_TIMEOUT,
  WAIT,
  type InstrumentJson,
} from './fixture';
import { api, createToken, REPO_ROOT, startService, type RunningService } from './service';
const canRun = ensureChromium();

describe.skipIf(!canRun)('dashboard in Chromium against the running service', () => {
  let service: RunningService;
  let browser: Browser;
  let instrument: InstrumentJson;

  beforeAll(async () => {
    if (!dashboardIsBuilt())
      execFileSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
    service = await startService();
    browser = await launchChromium();
    instrument = await pickInstrument(service);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  const openDashboard = (token: string): Promise<Page> => openPage(browser, service, token);
  const restingBuyPrice = (): Promise<string> => restingPrice(service, instrument);

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
      await screenshot(page, 'halted');

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
