import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type VenueClientOrderId } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { FX_TRADING_HOURS } from '../../../src/simulators/dxtrade/instruments';
import { inSession } from '../../../src/simulators/dxtrade/trading-hours';
import { createDxtradeVenue } from '../../../src/venues/dxtrade';

interface Ready {
  host: string;
  port: number;
  restUrl: string;
  pushUrl: string;
  username: string;
  domain: string;
  password: string;
  accounts: string[];
}

function start(dir: string): { child: ChildProcess; ready: Promise<Ready> } {
  const script = `import('./src/app/sim-dxtrade.ts').then((m) => m.simDxtradeCommand().parseAsync(['node', 'dxtrade', '--port', '0', '--username', 'cli-user', '--password', 'cli-pass', '--no-rate-limits', '--data-dir', ${JSON.stringify(dir)}], { from: 'node' }))`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<Ready>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve(JSON.parse(line) as Ready));
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  return { child, ready };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if (child.exitCode === null) await exited;
}

describe('tmt sim dxtrade', () => {
  it('prints one JSON line with its address and simulator credentials; the adapter logs in; --data-dir keeps orders across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-dxtrade-cli-'));
    let run = start(dir);
    try {
      const ready = await run.ready;
      expect(ready).toMatchObject({ host: '127.0.0.1', username: 'cli-user', domain: 'default', password: 'cli-pass', accounts: ['default:1001', 'default:1002'] });
      expect(ready.restUrl).toBe(`http://127.0.0.1:${ready.port}/dxsca-web`);
      const connect = async (r: Ready) => {
        const client = createDxtradeVenue({
          config: { environment: 'simulator', restUrl: r.restUrl, pushUrl: r.pushUrl, accountIds: [r.accounts[0] ?? ''], rateLimits: { loginPerSecond: 10, dataPerSecond: 100, tradingPerSecond: 100 } },
          username: r.username, domain: r.domain, password: r.password, logger: silentLogger(),
        });
        await client.connect();
        return client;
      };
      let client = await connect(ready);
      expect((await client.instruments()).map((i) => i.id)).toContain(InstrumentId.parse('EUR/USD.DXTRADE'));
      const accountId = client.accountIds[0];
      if (accountId === undefined) throw new Error('no account');
      const quote = await client.marketData.quote(InstrumentId.parse('EUR/USD.DXTRADE'));
      const price = Price.roundToTick(quote.bid.mul(Decimal.parse('0.98')), Decimal.parse('0.00001'), 'down');
      const result = await client.submit({
        request: { clientOrderId: ClientOrderId.parse('cli-1'), accountId, instrumentId: InstrumentId.parse('EUR/USD.DXTRADE'), side: 'buy', type: 'limit', quantity: Quantity.parse('1000'), price, timeInForce: 'GTC', postOnly: false, reduceOnly: false },
        venueClientOrderId: 'cli-1' as VenueClientOrderId,
      });
      // The CLI's simulator keeps FX hours on the wall clock: at a weekend both the adapter and the venue refuse.
      if (!inSession(FX_TRADING_HOURS, Date.now())) {
        expect(result.status === 'rejected' && result.code).toBe('VENUE_MARKET_CLOSED');
        await client.disconnect();
        return;
      }
      expect(result.status).toBe('accepted');
      await client.disconnect();
      await stop(run.child);

      run = start(dir);
      client = await connect(await run.ready);
      const open = await client.openOrders(accountId);
      expect(open.map((o) => o.venueClientOrderId)).toEqual(['cli-1']);
      expect(open[0]?.price?.eq(price)).toBe(true);
      await client.disconnect();
    } finally {
      await stop(run.child);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
