import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService as startTmt, type StartedService } from '../../../src/app/start-service';
import { Decimal } from '../../../src/core';
import { dashboardIsBuilt } from '../../../src/dashboard/assets';
import { silentLogger } from '../../../src/shared/logger';
import { launchChromium } from './browser';
import { ensureChromium, openDashboard, screenshot, TEST_TIMEOUT, WAIT } from './fixture';
import { REPO_ROOT } from './service';

const canRun = ensureChromium();
const ACCOUNT = '101-001-7000010-001';

interface TradeJson {
  tradeId: string;
  currentUnits: string;
  takeProfit?: { price: string };
}

/**
 * OANDA's trade-level operations from the trading page, on an OANDA account through the real adapter and the
 * embedded OANDA wire simulator: set a take-profit after the fill, close a trade, close a position through
 * the venue's own close. Each step is checked against the API's own view of the venue's trades.
 */
describe.skipIf(!canRun)('dashboard trades at the venue (OANDA) in Chromium', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-dash-trades-'));
  let service: StartedService;
  let admin: ApiClient;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    if (!dashboardIsBuilt())
      execFileSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - {id: ${ACCOUNT}, venue: oanda, environment: simulator, startingBalance: "100000", instruments: [EUR_USD]}
api: {port: 0}
store: {dataDir: ${JSON.stringify(join(directory, 'data'))}}
`,
    );
    service = await startTmt(
      { path: join(directory, 'tmt.yaml'), env: {} },
      { logger: silentLogger(), processMetrics: false },
    );
    token = service.bootstrapAdminToken as string;
    admin = new ApiClient({ baseUrl: service.url, token });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const trades = async () =>
    (await admin.call<{ trades: TradeJson[] }>('GET', `/api/v1/accounts/${ACCOUNT}/trades`)).trades;

  async function buy(id: string): Promise<void> {
    const placed = await admin.submitOrder({
      clientOrderId: id,
      accountId: ACCOUNT,
      instrumentId: 'EUR_USD.OANDA',
      side: 'buy',
      type: 'market',
      quantity: '1000',
      timeInForce: 'FOK',
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    await expect.poll(async () => (await admin.order(id)).status, { timeout: 30_000 }).toBe('filled');
  }

  it(
    'sets a take-profit after the fill, closes the trade, and closes a position at the venue',
    async () => {
      await buy('dash-trade-1');
      const [trade] = await trades();
      if (trade === undefined) throw new Error('the venue lists no trade after the fill');
      const page = await openDashboard(browser, { baseUrl: service.url.replace(/\/$/, '') }, token);
      const row = `[data-testid=trade][data-trade-id="${trade.tradeId}"]`;
      await page.waitForSelector(row, WAIT);

      const prices = await admin.call<{ prices: { instrumentId: string; ask: string }[] }>(
        'GET',
        '/api/v1/prices',
      );
      const ask = prices.prices.find((p) => p.instrumentId === 'EUR_USD.OANDA')?.ask ?? '1.1';
      const target = Decimal.parse(ask).add(Decimal.parse('0.0100')).toFixedScale(5);
      await page.fill(`${row} [data-testid=trade-tp-input]`, target);
      await page.click(`${row} [data-testid=trade-save]`);
      await page.waitForSelector(`${row} [data-testid=trade-tp]:has-text("${target}")`, WAIT);
      expect((await trades())[0]?.takeProfit?.price).toBe(target);
      await screenshot(page, 'trades');

      await page.fill(`${row} [data-testid=trade-units]`, '400');
      await page.click(`${row} [data-testid=trade-close]`);
      await expect.poll(async () => (await trades())[0]?.currentUnits, { timeout: 30_000 }).toBe('600');
      await page.click(`${row} [data-testid=trade-close]`);
      await page.waitForSelector(row, { ...WAIT, state: 'detached' });
      expect(await trades()).toEqual([]);

      await buy('dash-trade-2');
      await page.waitForSelector('[data-testid=close-at-venue][data-instrument="EUR_USD.OANDA"]', WAIT);
      await page.click('[data-testid=close-at-venue][data-instrument="EUR_USD.OANDA"]');
      await expect.poll(async () => (await trades()).length, { timeout: 30_000 }).toBe(0);
      await expect
        .poll(
          async () =>
            (await admin.call<{ positions: unknown[] }>('GET', `/api/v1/positions?accountId=${ACCOUNT}`))
              .positions.length,
          {
            timeout: 30_000,
          },
        )
        .toBe(0);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
