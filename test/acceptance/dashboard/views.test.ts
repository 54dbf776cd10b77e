import { execFileSync } from 'node:child_process';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core/money/decimal';
import { dashboardIsBuilt } from '../../../src/dashboard/assets';
import { launchChromium } from './browser';
import {
  ensureChromium,
  homeAccount,
  openDashboard,
  pickInstrument,
  restingBuyPrice,
  screenshot,
  TEST_TIMEOUT,
  WAIT,
  type InstrumentJson,
} from './fixture';
import { api, createToken, REPO_ROOT, startService, type RunningService } from './service';

const canRun = ensureChromium();

interface ClosedJson {
  instrumentId: string;
  realizedPnl: { amount: string; currency: string };
}

/** The views beside the trading page, each checked against what the API itself says. */
describe.skipIf(!canRun)('dashboard views in Chromium: chart, performance, risk, operations', () => {
  let service: RunningService;
  let browser: Browser;
  let instrument: InstrumentJson;
  let account: string;

  async function order(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const placed = await api(service, service.adminToken, 'POST', '/api/v1/orders', {
      accountId: account,
      instrumentId: instrument.id,
      quantity: instrument.minQuantity,
      ...body,
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    return placed.body;
  }

  /** A round trip: a market buy, then the position closed, so there are fills and a closed position. */
  async function roundTrip(id: string): Promise<void> {
    await order({ clientOrderId: id, side: 'buy', type: 'market', timeInForce: 'IOC' });
    const closed = await api(
      service,
      service.adminToken,
      'POST',
      `/api/v1/positions/${account}/${instrument.id}/close`,
      {},
    );
    expect(closed.status, JSON.stringify(closed.body)).toBeLessThan(300);
  }

  async function view(page: Page, name: string): Promise<void> {
    await page.click(`[data-testid=nav-${name}]`);
    await page.waitForSelector(`[data-testid=nav-${name}][aria-current=page]`, WAIT);
  }

  beforeAll(async () => {
    if (!dashboardIsBuilt())
      execFileSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
    service = await startService();
    browser = await launchChromium();
    instrument = await pickInstrument(service);
    account = await homeAccount(service, instrument);
    // History made before the page opens: the page must load it, not wait for new trades.
    await roundTrip('views-history-1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it(
    'loads history on page load: fills with their order ids, and the latency and fill-ratio plots',
    async () => {
      const page = await openDashboard(browser, service, await createToken(service, 'read'));
      await page.waitForSelector('[data-testid=fill-row][data-order-id="views-history-1"]', WAIT);
      await page.waitForSelector('[data-testid=chart-latency] svg path', { ...WAIT, state: 'attached' });
      await page.waitForSelector('[data-testid=chart-fill-ratio] svg path', { ...WAIT, state: 'attached' });
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'draws candles from the engine ticks with the fills as markers and working orders, SL and TP as lines',
    async () => {
      const price = await restingBuyPrice(service, instrument);
      const stop = Decimal.parse(price).sub(
        Decimal.parse(instrument.priceIncrement).mul(Decimal.fromInteger(50)),
      );
      await order({
        clientOrderId: 'views-chart-resting',
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTC',
        price,
        attached: { stopLoss: { triggerPrice: stop.toString() } },
      });
      const page = await openDashboard(browser, service, await createToken(service, 'read'));
      await view(page, 'chart');
      await page.selectOption('[data-testid=chart-instrument]', instrument.id);
      const chart = page.locator('[data-testid=price-chart]');
      await page.waitForSelector('[data-testid=price-chart] canvas', { ...WAIT, state: 'attached' });
      await page.waitForFunction(
        () => Number(document.querySelector<HTMLElement>('[data-testid=price-chart]')?.dataset.candles) >= 1,
        undefined,
        WAIT,
      );
      // The order's limit price and its attached stop-loss; the round trip's two fills as markers.
      await page.waitForFunction(
        () => Number(document.querySelector<HTMLElement>('[data-testid=price-chart]')?.dataset.lines) >= 2,
        undefined,
        WAIT,
      );
      await page.waitForFunction(
        () => Number(document.querySelector<HTMLElement>('[data-testid=price-chart]')?.dataset.markers) >= 2,
        undefined,
        WAIT,
      );
      const box = await chart.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      expect(box?.height ?? 0).toBeGreaterThan(300);
      // What is drawn is the API's last candle.
      const candles = await api<{ candles: { close: string }[] }>(
        service,
        service.adminToken,
        'GET',
        `/api/v1/candles?instrumentId=${instrument.id}&timeframe=1m`,
      );
      expect(candles.status).toBe(200);
      expect(candles.body.candles.length).toBeGreaterThanOrEqual(1);
      await page.click('[data-testid=timeframe-5m]');
      await page.waitForSelector('[data-testid=timeframe-5m].active', WAIT);
      await screenshot(page, 'chart');
      await page.close();
      const refused = await api(
        service,
        service.adminToken,
        'GET',
        `/api/v1/candles?instrumentId=${instrument.id}&timeframe=7m`,
      );
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('timeframe');
    },
    TEST_TIMEOUT,
  );

  it(
    'shows closed positions and performance, with P&L per instrument equal to the API sum',
    async () => {
      await roundTrip('views-perf-1');
      const page = await openDashboard(browser, service, await createToken(service, 'read'));
      await view(page, 'performance');
      const history = await api<{ positions: ClosedJson[] }>(
        service,
        service.adminToken,
        'GET',
        `/api/v1/positions/history`,
      );
      const mine = history.body.positions.filter((p) => p.instrumentId === instrument.id);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      await page.waitForFunction(
        (count) => document.querySelectorAll('[data-testid=closed-position]').length >= count,
        history.body.positions.length,
        WAIT,
      );
      let total = Decimal.ZERO;
      for (const p of mine) total = total.add(Decimal.parse(p.realizedPnl.amount));
      const shown = await page.textContent(
        `[data-testid=instrument-pnl][data-instrument="${instrument.id}"] [data-testid=instrument-pnl-amount]`,
      );
      const currency = mine[0]?.realizedPnl.currency ?? '';
      expect(shown?.replaceAll(',', '').trim()).toBe(`${total.toFixedScale(2, 'half-even')} ${currency}`);
      const perf = await api<{ trades: number }>(
        service,
        service.adminToken,
        'GET',
        `/api/v1/accounts/${account}/performance`,
      );
      await expect(
        page.textContent(`[data-testid=performance-${account}] [data-testid=perf-trades]`),
      ).resolves.toBe(String(perf.body.trades));
      await page.waitForSelector(
        `[data-testid=performance-${account}] [data-testid=perf-win-rate]:has-text("%")`,
        WAIT,
      );
      await screenshot(page, 'performance');
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'edits a risk limit and disables an account with an admin token; a read token sees no controls',
    async () => {
      const reader = await openDashboard(browser, service, await createToken(service, 'read'));
      await view(reader, 'risk');
      await reader.waitForSelector('[data-testid=limits-global]', WAIT);
      expect(await reader.locator('[data-testid=limit-form]').count()).toBe(0);
      expect(await reader.locator(`[data-testid=toggle-account-${account}]`).count()).toBe(0);
      await reader.close();

      const page = await openDashboard(browser, service, service.adminToken);
      await view(page, 'risk');
      await page.selectOption('[data-testid=limit-scope]', account);
      await page.fill('[data-testid=limit-key]', 'maxOpenOrders');
      await page.fill('[data-testid=limit-value]', '77');
      await page.click('[data-testid=limit-save]');
      await page.waitForSelector(
        `[data-testid=limits-${account}] [data-key=maxOpenOrders]:has-text("77")`,
        WAIT,
      );
      const risk = await api<{ limits: { accounts: Record<string, Record<string, unknown>> } }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/risk',
      );
      expect(risk.body.limits.accounts[account]?.maxOpenOrders).toBe(77);

      await page.click(`[data-testid=toggle-account-${account}]`);
      await page.waitForSelector(
        `[data-testid=state-${account}] [data-testid=account-enabled]:has-text("disabled")`,
        WAIT,
      );
      const disabled = await api<{ enabled: boolean }>(
        service,
        service.adminToken,
        'GET',
        `/api/v1/accounts/${account}`,
      );
      expect(disabled.body.enabled).toBe(false);
      await screenshot(page, 'risk');
      await page.click(`[data-testid=toggle-account-${account}]`);
      await page.waitForSelector(
        `[data-testid=state-${account}] [data-testid=account-enabled]:has-text("enabled")`,
        WAIT,
      );
      const enabled = await api<{ enabled: boolean }>(
        service,
        service.adminToken,
        'GET',
        `/api/v1/accounts/${account}`,
      );
      expect(enabled.body.enabled).toBe(true);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'shows reconciliation per account, the dead letters and the audit log with the changes made',
    async () => {
      const page = await openDashboard(browser, service, service.adminToken);
      await view(page, 'operations');
      const recon = await api<{ accounts: { accountId: string; state: string }[] }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/reconciliation',
      );
      for (const a of recon.body.accounts)
        await page.waitForSelector(
          `[data-testid=reconciliation-${a.accountId}] [data-testid=reconciliation-state]:has-text("${a.state}")`,
          WAIT,
        );
      const letters = await api<{ deadLetters: unknown[] }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/dead-letters',
      );
      if (letters.body.deadLetters.length === 0)
        await page.waitForSelector('[data-testid=no-dead-letters]', WAIT);
      else
        await page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid=dead-letter]').length === n,
          letters.body.deadLetters.length,
          WAIT,
        );
      // The limit change and the account switches of the previous test are audited, and shown.
      await page.waitForSelector('[data-testid=audit-entry][data-action="risk.limits.update"]', WAIT);
      await page.waitForSelector('[data-testid=audit-entry][data-action="token.create"]', WAIT);
      await screenshot(page, 'operations');
      await page.close();

      const reader = await openDashboard(browser, service, await createToken(service, 'read'));
      await view(reader, 'operations');
      await reader.waitForSelector('[data-testid=audit]:has-text("admin tokens")', WAIT);
      expect(await reader.locator('[data-testid=audit-entry]').count()).toBe(0);
      await reader.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'keeps long order ids inside the table (shortened, whole id on copy) and account badges follow HALTED',
    async () => {
      const longId = 'views-0123456789abcdef0123456789abcdef';
      await order({
        clientOrderId: longId,
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTC',
        price: await restingBuyPrice(service, instrument),
      });
      const page = await openDashboard(browser, service, service.adminToken, { width: 1280, height: 800 });
      const row = page.locator(`[data-testid=open-order][data-order-id="${longId}"]`);
      await row.waitFor(WAIT);
      const idCell = row.locator('[data-testid=order-id]');
      await expect(idCell.getAttribute('data-full-id')).resolves.toBe(longId);
      expect((await idCell.textContent())?.trim().length ?? 0).toBeLessThan(longId.length);
      // The Status column is inside the panel, not cut off.
      const panel = await page.locator('[data-testid=open-orders]').boundingBox();
      const status = await row.locator('.status').boundingBox();
      expect(panel).not.toBeNull();
      expect(status).not.toBeNull();
      await screenshot(page, 'open-orders-1280');
      if (panel !== null && status !== null)
        expect(status.x + status.width).toBeLessThanOrEqual(panel.x + panel.width);

      const halted = await api(service, service.adminToken, 'POST', '/api/v1/risk/state', {
        scope: 'global',
        state: 'HALTED',
        reason: 'dashboard badge test',
      });
      expect(halted.status, JSON.stringify(halted.body)).toBe(200);
      await page.waitForSelector(
        `[data-testid=account-${account}] [data-testid=account-badge]:has-text("HALTED")`,
        WAIT,
      );
      await screenshot(page, 'halted-badges');
      const resumed = await api(service, service.adminToken, 'POST', '/api/v1/risk/state', {
        scope: 'global',
        state: 'ACTIVE',
        reason: 'dashboard badge test over',
      });
      expect(resumed.status).toBe(200);
      await page.waitForSelector(
        `[data-testid=account-${account}] [data-testid=account-badge]:has-text("ACTIVE")`,
        WAIT,
      );
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
