import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApiClient } from '../../../src/api/client';
import type { StartedService } from '../../../src/app/start-service';
import { dashboardIsBuilt } from '../../../src/dashboard/assets';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';
import { launchChromium } from './browser';
import { ensureChromium, openDashboard, screenshot, TEST_TIMEOUT, WAIT } from './fixture';
import { REPO_ROOT, startBinanceService } from './service';
import { execFileSync } from 'node:child_process';

const canRun = ensureChromium();

interface ReconciliationDto {
  accounts: { accountId: string; state: string; unresolved: { key: string }[] }[];
}

/**
 * Accepting the venue's view from the Operations page: a Binance account on the wire simulator whose venue
 * forgets a resting order (its matching engine restored to an earlier state). The admin sees the item, accepts
 * it from the page, and TMT ends with the order canceled, reconciled, and the action audited.
 */
describe.skipIf(!canRun)("dashboard reconciliation: accept the venue's view in Chromium", () => {
  let sim: BinanceSimulator;
  let service: StartedService;
  let admin: ApiClient;
  let browser: Browser;
  let token: string;
  const directory = mkdtempSync(join(tmpdir(), 'tmt-dash-recon-'));

  beforeAll(async () => {
    if (!dashboardIsBuilt())
      execFileSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
    sim = await startBinanceSimulator({ clock: new SystemClock(), port: 0, seed: 5, walkMs: 0 });
    ({ service, token, admin } = await startBinanceService(directory, 'binance-truth', sim));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await sim?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it(
    'shows the unresolved item and accepts it from the page: the order ends canceled and the account reconciled',
    async () => {
      const average = (await (await fetch(`${sim.url}/api/v3/avgPrice?symbol=BTCUSDT`)).json()) as {
        price: string;
      };
      const [whole = '0'] = average.price.split('.');
      const before = sim.engine.save();
      const placed = await admin.submitOrder({
        clientOrderId: 'dash-truth-1',
        accountId: 'binance-truth',
        instrumentId: 'BTCUSDT.BINANCE',
        side: 'buy',
        type: 'limit',
        price: `${(BigInt(whole) * 9n) / 10n}.00`,
        quantity: '0.01000',
        timeInForce: 'GTC',
      });
      expect(placed.status).toBe(201);
      await expect
        .poll(async () => (await admin.order('dash-truth-1')).status, { timeout: 20_000 })
        .toBe('accepted');
      (sim.engine as unknown as { restore(saved: unknown): void }).restore(before);

      // The simulator's market stands still (walkMs 0): no live prices to wait for.
      const page = await openDashboard(
        browser,
        { baseUrl: service.url.replace(/\/$/, '') },
        token,
        undefined,
        {
          prices: false,
        },
      );
      page.on('dialog', (dialog) => void dialog.accept());
      await page.click('[data-testid=nav-operations]');
      const row = '[data-testid=reconciliation-row][data-key="dash-truth-1"]';
      await page.waitForSelector(row, { timeout: 60_000 });
      await page.waitForSelector(
        '[data-testid=reconciliation-binance-truth] [data-testid=reconciliation-state]:has-text("unresolved")',
        WAIT,
      );
      await screenshot(page, 'reconciliation-unresolved');
      await page.click(`${row} [data-testid=accept-venue-truth]`);
      await page.waitForSelector(row, { ...WAIT, state: 'detached' });
      await page.waitForSelector(
        '[data-testid=reconciliation-binance-truth] [data-testid=reconciliation-state]:has-text("reconciled")',
        WAIT,
      );
      expect((await admin.order('dash-truth-1')).status).toBe('canceled');
      const view = await admin.call<ReconciliationDto>('GET', '/api/v1/reconciliation');
      expect(view.accounts[0]?.unresolved).toEqual([]);
      const audit = await admin.call<{ entries: { action: string; outcome: string }[] }>(
        'GET',
        '/api/v1/audit?limit=1000',
      );
      expect(
        audit.entries.some((e) => e.action === 'reconciliation.accept-venue-truth' && e.outcome === 'ok'),
      ).toBe(true);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
