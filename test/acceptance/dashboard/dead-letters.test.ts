import { execFileSync } from 'node:child_process';
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
import { tmt } from '../../integration/cli/support/tmt';
import { launchChromium } from './browser';
import { ensureChromium, openDashboard, screenshot, TEST_TIMEOUT, WAIT } from './fixture';
import { REPO_ROOT, startBinanceService } from './service';

const canRun = ensureChromium();
const ACCOUNT = 'binance-dl';

interface LetterJson {
  id: string;
  clientOrderId?: string;
  resolution?: { kind: string };
}

/**
 * Dead letters from a venue that went away: a Binance account on the wire simulator with four resting
 * orders, stopped while they are canceled (each cancel retried, then dead-lettered), then started again on
 * the same address with its state. Two letters are retried and discarded from the Operations page, two with
 * `tmt dead-letters retry|discard`, each checked against the API and the venue.
 */
describe.skipIf(!canRun)('dead letters: retry and discard from the dashboard and the CLI', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-dash-dl-'));
  let sim: BinanceSimulator;
  let service: StartedService;
  let admin: ApiClient;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    if (!dashboardIsBuilt())
      execFileSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
    sim = await startBinanceSimulator({
      clock: new SystemClock(),
      port: 0,
      seed: 5,
      walkMs: 0,
      stateFile: join(directory, 'binance.json'),
    });
    ({ service, token, admin } = await startBinanceService(directory, ACCOUNT, sim));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await sim?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const letters = async () =>
    (await admin.call<{ deadLetters: LetterJson[] }>('GET', '/api/v1/dead-letters')).deadLetters;
  const letterOf = async (order: string) => (await letters()).find((l) => l.clientOrderId === order);

  it(
    'retries and discards dead letters: a retried cancel reaches the venue, a discarded one never does',
    async () => {
      const average = (await (await fetch(`${sim.url}/api/v3/avgPrice?symbol=BTCUSDT`)).json()) as {
        price: string;
      };
      const [whole = '0'] = average.price.split('.');
      const price = `${(BigInt(whole) * 9n) / 10n}.00`;
      const { apiKey, apiSecret } = sim;
      const port = Number(new URL(sim.url).port);
      const stateFile = join(directory, 'binance.json');
      const ids = ['dl-dash-retry', 'dl-dash-discard', 'dl-cli-retry', 'dl-cli-discard'];
      for (const id of ids) {
        const placed = await admin.submitOrder({
          clientOrderId: id,
          accountId: ACCOUNT,
          instrumentId: 'BTCUSDT.BINANCE',
          side: 'buy',
          type: 'limit',
          price,
          quantity: '0.01000',
          timeInForce: 'GTC',
        });
        expect(placed.status, JSON.stringify(placed.body)).toBe(201);
        await expect.poll(async () => (await admin.order(id)).status, { timeout: 30_000 }).toBe('accepted');
      }
      // The venue goes away: each cancel fails to reach it and waits in the dead-letter queue.
      await sim.close();
      for (const id of ids) await admin.cancelOrder(id);
      await expect
        .poll(async () => (await letters()).filter((l) => ids.includes(l.clientOrderId ?? '')).length, {
          timeout: 90_000,
          interval: 250,
        })
        .toBe(ids.length);
      sim = await startBinanceSimulator({
        clock: new SystemClock(),
        port,
        apiKey,
        apiSecret,
        stateFile,
        walkMs: 0,
      });
      const page = await openDashboard(
        browser,
        { baseUrl: service.url.replace(/\/$/, '') },
        token,
        undefined,
        {
          prices: false,
        },
      );
      await page.click('[data-testid=nav-operations]');
      const rowOf = async (order: string) =>
        `[data-testid=dead-letter][data-id="${(await letterOf(order))?.id ?? ''}"]`;
      const retryRow = await rowOf('dl-dash-retry');
      const discardRow = await rowOf('dl-dash-discard');
      await page.waitForSelector(retryRow, WAIT);
      await screenshot(page, 'dead-letters');
      await page.click(`${retryRow} [data-testid=dead-letter-retry]`);
      // A resolved letter leaves the queue's list.
      await page.waitForSelector(retryRow, { ...WAIT, state: 'detached' });
      await page.click(`${discardRow} [data-testid=dead-letter-discard]`);
      await page.waitForSelector(discardRow, { ...WAIT, state: 'detached' });
      await page.close();

      const env = { TMT_URL: service.url, TMT_TOKEN: token };
      const listed = await tmt(['dead-letters', 'list', '--json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      const cliRetry = (await letterOf('dl-cli-retry'))?.id ?? '';
      const cliDiscard = (await letterOf('dl-cli-discard'))?.id ?? '';
      expect(
        (JSON.parse(listed.stdout) as { deadLetters: LetterJson[] }).deadLetters.map((l) => l.id),
      ).toEqual(expect.arrayContaining([cliRetry, cliDiscard]));
      const retried = await tmt(['dead-letters', 'retry', cliRetry], env);
      expect(retried.code, retried.stderr).toBe(0);
      const discarded = await tmt(['dead-letters', 'discard', cliDiscard], env);
      expect(discarded.code, discarded.stderr + discarded.stdout).toBe(0);

      // A retried cancel reaches the venue: the order ends canceled there and in TMT. A discarded one is
      // dropped: its order stays working at the venue, and TMT shows it working too.
      const atVenue = (id: string) =>
        sim.engine.order({ accountId: 'binance-sim' as never, clientOrderId: id });
      for (const id of ['dl-dash-retry', 'dl-cli-retry']) {
        await expect.poll(async () => (await admin.order(id)).status, { timeout: 30_000 }).toBe('canceled');
        expect(atVenue(id)?.status).toBe('canceled');
      }
      const open = await letters();
      expect(open.filter((l) => ids.includes(l.clientOrderId ?? ''))).toEqual([]);
      const audit = await admin.call<{ entries: { action: string; outcome: string }[] }>(
        'GET',
        '/api/v1/audit?limit=1000',
      );
      const actions = audit.entries
        .filter((e) => e.action.startsWith('dead-letter'))
        .map((e) => `${e.action} ${e.outcome}`);
      expect(actions.filter((a) => a.endsWith(' ok')).length).toBeGreaterThanOrEqual(4);
      for (const id of ['dl-dash-discard', 'dl-cli-discard']) {
        expect(atVenue(id)?.status).toBe('accepted');
        await expect
          .poll(async () => (await admin.order(id)).status, { timeout: 30_000 })
          .not.toBe('canceled');
      }
    },
    TEST_TIMEOUT,
  );
});
