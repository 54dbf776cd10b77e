import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, isTmtError, type OrderRequest, type VenueReport } from '../../../src/core';
import { createIbkrVenue } from '../../../src/venues/ibkr';
import { silentLogger } from '../../../src/shared/logger';
import { eventually, startPair, type IbkrPair } from './harness';

const AAPL = InstrumentId.parse('AAPL.IBKR');
const AAPL_CONID = 265598;

function limit(pair: IbkrPair, id: string, price: string, side: 'buy' | 'sell' = 'buy'): OrderRequest {
  return { clientOrderId: ClientOrderId.parse(id), accountId: pair.accountId, instrumentId: AAPL, side, type: 'limit', quantity: Quantity.parse('10'), price: Price.parse(price), timeInForce: 'GTC', postOnly: false, reduceOnly: false };
}

const submit = (pair: IbkrPair, order: OrderRequest) => pair.client.submit({ request: order, venueClientOrderId: order.clientOrderId as string as never });
const fillsOf = (reports: VenueReport[], ref: string) => reports.filter((r) => r.kind === 'fill' && r.report.venueClientOrderId === ref);

describe('IBKR connectivity faults', () => {
  it('after 1100 then 1101 (data lost) re-requests executions: the fill that happened meanwhile is reported once', async () => {
    const pair = await startPair();
    try {
      const reports: VenueReport[] = [];
      pair.client.onReport((r) => reports.push(r));
      expect((await submit(pair, limit(pair, 'lost-1', '189.00'))).status).toBe('accepted');
      pair.sim.server.loseConnectivity();
      pair.sim.market.movePrice(AAPL_CONID, Decimal.parse('188.50'));
      expect(pair.sim.truth().openOrders).toHaveLength(0); // filled at the venue, while the client heard nothing
      expect(fillsOf(reports, 'lost-1')).toHaveLength(0);
      pair.sim.server.restoreConnectivity(true);
      await eventually('the missed fill', () => (fillsOf(reports, 'lost-1').length > 0 ? true : undefined));
      await eventually('the order filled', async () => ((await pair.client.orderStatus({ accountId: pair.accountId, venueClientOrderId: 'lost-1' as never }))?.status === 'filled' ? true : undefined));
      expect(reports.some((r) => r.kind === 'gap')).toBe(true);
      expect(fillsOf(reports, 'lost-1')).toHaveLength(1);
    } finally {
      await pair.close();
    }
  });

  it('after a dropped connection reconnects, recovers the missed execution, and ignores replayed corrections (.01 → .02)', async () => {
    const pair = await startPair();
    try {
      const reports: VenueReport[] = [];
      const states: string[] = [];
      pair.client.onReport((r) => reports.push(r));
      pair.client.onConnection((e) => states.push(e.state));
      expect((await submit(pair, limit(pair, 'drop-1', '189.00'))).status).toBe('accepted');
      expect((await submit(pair, { ...limit(pair, 'drop-0', '0'), type: 'market', price: undefined as never, timeInForce: 'DAY' })).status).toBe('accepted');
      await eventually('the market fill', () => (fillsOf(reports, 'drop-0').length > 0 ? true : undefined));
      pair.sim.server.replayExecutionsOnReconnect(5);
      pair.sim.server.dropConnections();
      pair.sim.market.movePrice(AAPL_CONID, Decimal.parse('188.50'));
      await eventually('the reconnect', () => (states.includes('reconnecting') && states.at(-1) === 'connected' ? true : undefined));
      await eventually('the missed fill', () => (fillsOf(reports, 'drop-1').length > 0 ? true : undefined));
      // Give the replayed executions time to arrive, then check that none was counted twice.
      await eventually('the replayed executions processed', async () => ((await pair.client.fillsSince(pair.accountId, 0)).length === 2 ? true : undefined));
      expect(fillsOf(reports, 'drop-0')).toHaveLength(1);
      expect(fillsOf(reports, 'drop-1')).toHaveLength(1);
      expect(states).toContain('reconnecting');
    } finally {
      await pair.close();
    }
  });

  it('answers 103 (duplicate order id) by taking a fresh id from TWS: one order at the venue', async () => {
    const pair = await startPair();
    try {
      pair.sim.exchange.duplicateNextOrderId = true;
      const result = await submit(pair, limit(pair, 'dup-1', '180.00'));
      expect(result.status).toBe('accepted');
      expect(pair.sim.truth().openOrders.filter((o) => o.orderRef === 'dup-1')).toHaveLength(1);
    } finally {
      await pair.close();
    }
  });

  it('refuses a server whose version is outside the pinned range, naming it', async () => {
    const server = createServer((socket) => {
      socket.once('data', () => {
        const body = Buffer.from('150\u000020261201 12:00:00 UTC\u0000');
        const head = Buffer.alloc(4);
        head.writeUInt32BE(body.length);
        socket.write(Buffer.concat([head, body]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = createIbkrVenue({ config: { environment: 'simulator', host: '127.0.0.1', port }, logger: silentLogger() });
    try {
      const error = await client.connect().then(() => undefined, (e: unknown) => e);
      expect(isTmtError(error, 'VENUE_PROTOCOL')).toBe(true);
      expect(String((error as Error).message)).toContain('150');
    } finally {
      await client.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('pacing: a burst of 500 orders never exceeds 50 messages per second at the simulator', async () => {
    const pair = await startPair({ config: { requestTimeoutMs: 10_000 } });
    try {
      const before = pair.sim.arrivals.length;
      const results = await Promise.all(Array.from({ length: 500 }, (_, i) => submit(pair, limit(pair, `burst-${i}`, '150.00'))));
      expect(results.every((r) => r.status === 'accepted')).toBe(true);
      const arrivals = pair.sim.arrivals.slice(before).map((a) => a.at);
      expect(arrivals.length).toBeGreaterThanOrEqual(500);
      let worst = 0;
      for (let i = 0, j = 0; i < arrivals.length; i += 1) {
        while ((arrivals[j] ?? 0) <= (arrivals[i] ?? 0) - 1000) j += 1;
        worst = Math.max(worst, i - j + 1);
      }
      expect(worst).toBeLessThanOrEqual(50);
      expect(pair.sim.server.pacingViolations).toBe(0);
    } finally {
      await pair.close();
    }
  }, 60_000);
});
