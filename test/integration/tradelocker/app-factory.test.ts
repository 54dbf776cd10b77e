import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import type { AccountConfig, TmtConfig } from '../../../src/app/config/schema';
import { tradeLockerFactory } from '../../../src/app/venue-tradelocker';
import { DEFAULT_VENUE_FACTORIES } from '../../../src/app/venues';
import { AccountId, Decimal } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';

describe('the tradelocker venue factory', () => {
  const context = (dataDir: string, credentials: Record<string, string> = {}) => ({
    clock: new SystemClock(), logger: silentLogger(), config: { paper: { seed: 5 } } as unknown as TmtConfig, dataDir, credentials: () => credentials,
  });

  it('is registered, and for environment simulator starts an embedded TradeLocker simulator the adapter trades on', async () => {
    expect(DEFAULT_VENUE_FACTORIES.tradelocker).toBe(tradeLockerFactory);
    const dataDir = mkdtempSync(join(tmpdir(), 'tmt-tradelocker-app-'));
    const account = { id: '5550001', venue: 'tradelocker', environment: 'simulator', enabled: true, baseCurrency: 'USD', startingBalance: '25000', credentials: {}, riskLimits: {}, compliance: 'us-fx', venueOptions: {} } as unknown as AccountConfig;
    const [client] = await tradeLockerFactory([{ index: 0, account, accountId: AccountId.parse(account.id) }], context(dataDir));
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

  it('names the missing credential of a demo account', async () => {
    const account = { id: '5550002', venue: 'tradelocker', environment: 'practice', enabled: true, baseCurrency: 'USD', credentials: {}, riskLimits: {}, venueOptions: {} } as unknown as AccountConfig;
    await expect(tradeLockerFactory([{ index: 0, account, accountId: AccountId.parse(account.id) }], context(tmpdir(), { email: 'a@b.c', password: 'p' }))).rejects.toMatchObject({ code: 'CONFIG_SECRET_MISSING', field: 'accounts.0.credentials.server' });
  });
});
