import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import type { AccountConfig, TmtConfig } from '../../../src/app/config/schema';
import { dxtradeFactory } from '../../../src/app/venue-dxtrade';
import { DEFAULT_VENUE_FACTORIES } from '../../../src/app/venues';
import { AccountId, Decimal } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';

describe('the dxtrade venue factory', () => {
  it('is registered, and for environment simulator starts an embedded DXtrade simulator the adapter logs in to (US account: FIFO, no hedging)', async () => {
    expect(DEFAULT_VENUE_FACTORIES.dxtrade).toBe(dxtradeFactory);
    const dataDir = mkdtempSync(join(tmpdir(), 'tmt-dxtrade-app-'));
    const account = { id: 'default:7001', venue: 'dxtrade', environment: 'simulator', enabled: true, baseCurrency: 'USD', startingBalance: '25000', credentials: {}, riskLimits: {}, compliance: 'us-fx', venueOptions: { rateLimits: { loginPerSecond: 10, dataPerSecond: 100, tradingPerSecond: 100 } } } as unknown as AccountConfig;
    const [client] = await dxtradeFactory([{ index: 0, account, accountId: AccountId.parse(account.id) }], {
      clock: new SystemClock(), logger: silentLogger(), config: { paper: { seed: 3 } } as unknown as TmtConfig, dataDir, credentials: () => ({}),
    });
    if (client === undefined) throw new Error('no client');
    try {
      await client.connect();
      const report = await client.account(AccountId.parse(account.id));
      expect(report.balances[0]?.total.eq(Decimal.parse('25000'))).toBe(true);
      expect(client.capabilities.hedging).toBe(false);
      expect((await client.instruments()).length).toBeGreaterThan(0);
    } finally {
      await client.disconnect();
      await (client as unknown as { close(): Promise<void> }).close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('names the missing credential for a DXtrade account outside the simulator', async () => {
    const account = { id: 'default:7002', venue: 'dxtrade', environment: 'practice', enabled: true, baseCurrency: 'USD', credentials: {}, riskLimits: {}, venueOptions: {} } as unknown as AccountConfig;
    await expect(dxtradeFactory([{ index: 3, account, accountId: AccountId.parse(account.id) }], {
      clock: new SystemClock(), logger: silentLogger(), config: { paper: { seed: 3 } } as unknown as TmtConfig, dataDir: tmpdir(), credentials: () => ({}),
    })).rejects.toMatchObject({ code: 'CONFIG_SECRET_MISSING', field: 'accounts.3.credentials.username' });
  });
});
