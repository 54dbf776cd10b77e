import { execFileSync } from 'node:child_process';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core/money/decimal';
import { dashboardIsBuilt } from '../../../src/dashboard/assets';
import { launchChromium } from './browser';
import {
  ensureChromium,
  homeAccount,
  openDashboard,
  pickInstrument,
  screenshot,
  TEST_TIMEOUT,
  WAIT,
  type InstrumentJson,
} from './fixture';
import { api, REPO_ROOT, startService, type RunningService } from './service';

const canRun = ensureChromium();

interface ParentJson {
  parentId: string;
  status: string;
  quantity: string;
  filledQuantity: string;
  leftQuantity: string;
  children: { clientOrderId: string }[];
  schedule: { dueAt: number; cumulativeTarget: string }[];
}

/**
 * The algorithm view: a TWAP parent started through the API on the paper venue shows one row whose progress,
 * schedule target, children and status equal what the API says, and a cancel reaches the row.
 */
describe.skipIf(!canRun)('dashboard algorithm parents in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let instrument: InstrumentJson;
  let account: string;

  async function parent(id: string): Promise<ParentJson> {
    const read = await api<{ parent: ParentJson }>(
      service,
      service.adminToken,
      'GET',
      `/api/v1/algo-orders/${id}`,
    );
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    return read.body.parent;
  }

  beforeAll(async () => {
    if (!dashboardIsBuilt())
      execFileSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
    service = await startService();
    browser = await launchChromium();
    instrument = await pickInstrument(service);
    account = await homeAccount(service, instrument);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it(
    'a TWAP parent row shows the API’s filled, scheduled and left quantities and its children, then its cancel',
    async () => {
      const quantity = Decimal.parse(instrument.minQuantity).mul(Decimal.parse('4')).toString();
      const now = Date.now();
      // Four slices over an hour: the first is due at once and fills on the paper venue; the rest wait.
      const created = await api<{ parent: ParentJson }>(
        service,
        service.adminToken,
        'POST',
        '/api/v1/algo-orders',
        {
          kind: 'twap',
          parentId: 'dash-twap-1',
          accountId: account,
          instrumentId: instrument.id,
          side: 'buy',
          quantity,
          startAt: now,
          endAt: now + 3_600_000,
          slices: 4,
        },
      );
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const deadline = Date.now() + 30_000;
      let started = await parent('dash-twap-1');
      while (Decimal.parse(started.filledQuantity).isZero() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        started = await parent('dash-twap-1');
      }
      expect(Decimal.parse(started.filledQuantity).isZero(), 'the first slice filled').toBe(false);

      const page = await openDashboard(browser, service, service.adminToken);
      await page.click('[data-testid=nav-algos]');
      const row = page.locator('[data-testid=algo-parent][data-parent-id="dash-twap-1"]');
      await row.waitFor(WAIT);
      const shown = await parent('dash-twap-1');
      await expect
        .poll(async () => row.locator('[data-testid=algo-filled]').innerText(), WAIT)
        .toBe(`${shown.filledQuantity} / ${shown.quantity}`);
      expect(await row.locator('[data-testid=algo-left]').innerText()).toBe(shown.leftQuantity);
      expect(await row.locator('[data-testid=algo-children]').innerText()).toBe(
        String(shown.children.length),
      );
      // One slice is due, three are not: the schedule's target by now is the first slice's cumulative target.
      expect(await row.locator('[data-testid=algo-scheduled]').innerText()).toBe(
        shown.schedule[0]?.cumulativeTarget,
      );
      expect(await row.locator('[data-testid=algo-status]').innerText()).toBe('running');
      await screenshot(page, 'algos-running');

      const canceled = await api(service, service.adminToken, 'DELETE', '/api/v1/algo-orders/dash-twap-1');
      expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
      await expect
        .poll(async () => row.locator('[data-testid=algo-status]').innerText(), WAIT)
        .toBe('canceled');
      // Venue truth: the canceled parent left nothing working at the paper venue.
      const open = await api<{ orders: { clientOrderId: string }[] }>(
        service,
        service.adminToken,
        'GET',
        `/api/v1/orders?open=true&accountId=${encodeURIComponent(account)}`,
      );
      expect(open.body.orders.filter((o) => o.clientOrderId.startsWith('dash-twap-1.'))).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
