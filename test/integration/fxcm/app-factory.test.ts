import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import type { AccountConfig, TmtConfig } from '../../../src/app/config/schema';
import { fxcmFactory } from '../../../src/app/venue-fxcm';
import { DEFAULT_VENUE_FACTORIES } from '../../../src/app/venues';
import { AccountId, Decimal } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';

describe('the fxcm venue factory', () => {
  it('is registered, and for environment simulator starts an embedded FXCM simulator the adapter logs on to', async () => {
    expect(DEFAULT_VENUE_FACTORIES.fxcm).toBe(fxcmFactory);
    const dataDir = mkdtempSync(join(tmpdir(), 'tmt-fxcm-app-'));
    const account = { id: '01960399', venue: 'fxcm', environment: 'simulator', enabled: true, baseCurrency: 'USD', startingBalance: '25000', credentials: {}, riskLimits: {}, compliance: 'us-fx', venueOptions: {} } as unknown as AccountConfig;
    const [client] = await fxcmFactory([{ index: 0, account, accountId: AccountId.parse(account.id) }], {
      clock: new SystemClock(), logger: silentLogger(), config: { paper: { seed: 3 } } as unknown as TmtConfig, dataDir, credentials: () => ({}),
    });
    if (client === undefined) throw new Error('no client');
    try {
      await client.connect();
      const report = await client.account(AccountId.parse(account.id));
      expect(report.balances[0]?.total.eq(Decimal.parse('25000'))).toBe(true);
      expect(client.capabilities.hedging).toBe(false);
    } finally {
      await client.disconnect();
      await (client as unknown as { close(): Promise<void> }).close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
