import { afterEach, describe, expect, it } from 'vitest';

import { Decimal, ManualClock, type VenueConnectionChanged, type VenueReport } from '../../../src/core';
import { eventually, startPair, type OandaPair } from './harness';

/**
 * The transaction stream under faults: lines split and merged, duplicated, reordered, a connection dropped
 * without a close, silence. Orders are placed over raw HTTP (not through the adapter), so that the adapter
 * learns of them only through the stream and its catch-up; afterwards the state folded from its reports
 * equals the simulator's.
 */
describe('OANDA transaction stream under faults', () => {
  let pair: OandaPair;
  afterEach(async () => pair.close());

  async function place(order: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await fetch(`${pair.sim.url}/v3/accounts/${pair.accountId}/orders`, {
      method: 'POST', headers: { authorization: `Bearer ${pair.sim.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ order }),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  /**
   * Moves the adapter's manual clock in steps until the condition holds; returns the adapter time it took.
   * Silence and reconnect delays are judged on that clock, so a slow machine changes nothing but the wait.
   */
  async function drive(clock: ManualClock, until: () => boolean, stepMs = 50, limitMs = 30_000): Promise<number> {
    let moved = 0;
    while (!until()) {
      if (moved > limitMs) throw new Error(`not done after ${limitMs} ms of adapter time`);
      clock.advance(stepMs);
      moved += stepMs;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return moved;
  }

  /** A new connection attempt has begun (its delay is over) after the state at `from`. */
  function nextAttempt(states: readonly VenueConnectionChanged[], from: number): boolean {
    return states.slice(from + 1).some((s) => s.state === 'reconnecting' && s.reason === undefined);
  }

  function foldReports(reports: readonly VenueReport[]) {
    const orders = new Map<string, string>();
    const fills = new Map<string, Decimal>();
    let net = Decimal.ZERO;
    for (const report of reports) {
      if (report.kind === 'order') orders.set(report.report.venueOrderId, report.report.status);
      if (report.kind === 'fill') {
        fills.set(report.report.tradeId, report.report.quantity);
        net = net.add(report.report.side === 'buy' ? report.report.quantity : report.report.quantity.neg());
      }
    }
    return { orders, fills, net };
  }

  it('applies every transaction once through split, merged, duplicated and reordered lines, a silent stream and a dropped connection', async () => {
    const clock = new ManualClock(Date.now());
    pair = await startPair({ clock, sim: { heartbeatMs: 200 }, config: { streamSilenceMs: 1000 } });
    const reports: VenueReport[] = [];
    const states: VenueConnectionChanged[] = [];
    pair.client.onReport((report) => reports.push(report));
    pair.client.onConnection((event) => states.push(event));
    const { sim, client, accountId } = pair;
    // startPair returns once the transaction stream is connected; `states` holds what happens after.
    sim.faults.splitStreamLines = true;
    sim.faults.duplicateStreamLines = true;
    sim.faults.reorderStreamLines = true;
    const placed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await place({ type: 'MARKET', instrument: 'EUR_USD', units: i % 2 === 0 ? '1000' : '-400' });
      placed.push(String((answer['orderCreateTransaction'] as { id: string }).id));
    }
    const limit = await place({ type: 'LIMIT', instrument: 'EUR_USD', units: '700', price: '1.05000' });
    const limitId = String((limit['orderCreateTransaction'] as { id: string }).id);

    // A connection that just stops (no final chunk), while orders keep arriving.
    sim.server.dropStreams();
    await place({ type: 'MARKET', instrument: 'EUR_USD', units: '300' });
    await fetch(`${sim.url}/v3/accounts/${accountId}/orders/${limitId}/cancel`, { method: 'PUT', headers: { authorization: `Bearer ${sim.token}` } });
    // The bound: service resumes within 5 s of the venue being reachable again. The reconnect delay is
    // adapter time (driven here); the connection itself is real I/O, awaited with the clock still.
    await eventually('the drop to be seen', () => (states.some((s) => s.state === 'reconnecting') ? true : undefined));
    const delay = await drive(clock, () => nextAttempt(states, 0));
    expect(delay).toBeLessThanOrEqual(5000);
    await eventually('a reconnect after the drop', () => (states.some((s) => s.state === 'connected') ? true : undefined));

    // Silence: the stream stays open but writes nothing; the adapter must give up on it and reconnect.
    sim.faults.silentStreams = true;
    await place({ type: 'MARKET', instrument: 'EUR_USD', units: '-200' });
    const connectedBefore = states.filter((s) => s.state === 'connected').length;
    // Abandoned once a silence limit of adapter time has passed with no byte, not before (no byte can come:
    // the stream is silent, so moving time fast cannot outrun one).
    const abandonedAfter = await drive(clock, () => states.some((s) => s.state === 'reconnecting' && (s.reason ?? '').includes('Timeout')));
    expect(abandonedAfter).toBeGreaterThanOrEqual(1000);
    sim.faults.silentStreams = false;
    const abandoned = states.findIndex((s) => (s.reason ?? '').includes('Timeout'));
    await drive(clock, () => nextAttempt(states, abandoned + 1));
    await eventually('a reconnect after silence', () => (states.filter((s) => s.state === 'connected').length > connectedBefore ? true : undefined));

    const venueLast = sim.venue.accounts.get(accountId)?.lastTransactionId.toString();
    await eventually('every transaction applied', () => (client.lastAppliedTransactionId(accountId) === venueLast ? true : undefined));

    const account = sim.venue.accounts.get(accountId);
    const venueFills = account?.transactions.filter((t) => t['type'] === 'ORDER_FILL') ?? [];
    const folded = foldReports(reports);
    expect([...folded.fills.keys()].sort()).toEqual(venueFills.map((t) => String(t['id'])).sort());
    expect(reports.filter((r) => r.kind === 'fill')).toHaveLength(venueFills.length);
    const venueNet = [...(account?.trades.values() ?? [])].reduce((sum, t) => sum.add(t.currentUnits), Decimal.ZERO);
    expect(folded.net.eq(venueNet)).toBe(true);
    expect(folded.orders.get(limitId)).toBe('canceled');
    for (const id of placed) expect(folded.orders.get(id)).toBe('filled');
    const positions = await client.positions(accountId);
    expect(positions.reduce((sum, p) => sum.add(p.signedQuantity), Decimal.ZERO).eq(venueNet)).toBe(true);
  });

  it('streams prices through split and merged chunks, at most 4 per second per instrument (on the simulator\'s injected stream clock)', async () => {
    const streamClock = new ManualClock(Date.now());
    pair = await startPair({ sim: { heartbeatMs: 200, streamClock } });
    pair.sim.faults.splitStreamLines = true;
    const ticks: string[] = [];
    const stop = pair.client.subscribeMarketData([`EUR_USD.OANDA` as never], (event) => {
      if (event.type === 'QuoteTick') ticks.push(`${event.bid.toString()}/${event.ask.toString()}`);
    });
    await eventually('the snapshot price', () => (ticks.length > 0 ? true : undefined));
    const price = (i: number) => Decimal.parse('1.08500').add(Decimal.parse('0.00010').mul(Decimal.fromInteger(i)));
    // 20 moves inside one 250 ms slot of stream time: the stream holds them and sends the newest when the slot ends.
    for (let i = 1; i <= 20; i++) pair.sim.market.movePrice('EUR_USD', price(i));
    streamClock.advance(249);
    streamClock.advance(1);
    await eventually('the newest price of the slot', () => (ticks.at(-1) === '1.08693/1.08707' ? true : undefined));
    expect(ticks).toHaveLength(2);
    // One move per 250 ms of stream time: each goes out at once, so 4 a second pass unthrottled.
    for (let i = 21; i <= 24; i++) {
      streamClock.advance(250);
      pair.sim.market.movePrice('EUR_USD', price(i));
    }
    await eventually('the fourth price of the second', () => (ticks.at(-1) === '1.08733/1.08747' ? true : undefined));
    expect(ticks).toHaveLength(6);
    stop();
  });
});
