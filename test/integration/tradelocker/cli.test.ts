import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type VenueClientOrderId } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createTradeLockerVenue } from '../../../src/venues/tradelocker';

interface Ready {
  readonly url: string;
  readonly apiUrl: string;
  readonly email: string;
  readonly password: string;
  readonly server: string;
  readonly accounts: readonly { id: string; accNum: string; profile: string }[];
}

/** `tmt sim tradelocker` in a child process, as a user starts it; resolves with its JSON line. */
function startCli(args: readonly string[]): { ready: Promise<Ready>; stop: () => Promise<void> } {
  const script = `import('./src/app/sim-tradelocker.ts').then((m) => m.simTradeLockerCommand().parseAsync(['node', 'tradelocker', ...${JSON.stringify(args)}], { from: 'node' }))`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<Ready>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as Ready));
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  return {
    ready,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      if (child.exitCode === null) await exited;
    },
  };
}

describe('tmt sim tradelocker', () => {
  it('prints one JSON line with its address and simulator credentials; with --data-dir an order survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-tradelocker-cli-'));
    const args = ['--port', '0', '--email', 'cli@sim.test', '--password', 'cli-pass', '--server', 'CLI-SIM', '--data-dir', dir];
    let cli = startCli(args);
    try {
      const ready = await cli.ready;
      expect(ready).toMatchObject({ email: 'cli@sim.test', password: 'cli-pass', server: 'CLI-SIM' });
      expect(ready.apiUrl).toBe(`${ready.url}/backend-api`);
      expect(ready.accounts.map((a) => a.profile)).toEqual(['international', 'us']);
      const account = ready.accounts[0]?.id ?? '';
      const connect = async (url: string) => {
        const client = createTradeLockerVenue({ config: { environment: 'simulator', baseUrl: url, accountIds: [account], pollIntervalMs: 200 }, login: { email: ready.email, password: ready.password, server: ready.server }, logger: silentLogger() });
        await client.connect();
        return client;
      };
      let client = await connect(ready.url);
      const instrumentId = InstrumentId.parse('EURUSD.TRADELOCKER');
      const quote = await client.data.quote(instrumentId);
      if (quote === undefined) throw new Error('no quote');
      const price = Price.roundToTick(quote.bid.mul(Decimal.parse('0.95')), Decimal.parse('0.00001'), 'down');
      const request = { clientOrderId: ClientOrderId.parse('cli-1'), accountId: client.accountIds[0] ?? (account as never), instrumentId, side: 'buy' as const, type: 'limit' as const, timeInForce: 'GTC' as const, quantity: Quantity.parse('10000'), price, postOnly: false, reduceOnly: false };
      expect((await client.submit({ request, venueClientOrderId: 'cli-1' as VenueClientOrderId })).status).toBe('accepted');
      await client.disconnect();
      await cli.stop();

      cli = startCli(args);
      const again = await cli.ready;
      client = await connect(again.url);
      const open = await client.openOrders(request.accountId);
      expect(open.map((o) => [o.venueClientOrderId, o.price?.toString(), o.quantity.toString()])).toEqual([['cli-1', price.toString(), '10000']]);
      await client.disconnect();
    } finally {
      await cli.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a bad --sessions value naming the option', async () => {
    const cli = startCli(['--port', '0', '--sessions', 'sometimes']);
    await expect(cli.ready).rejects.toThrow(/exited/);
    await cli.stop();
  }, 60_000);
});
