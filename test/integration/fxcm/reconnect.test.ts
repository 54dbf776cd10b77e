import { describe, expect, it } from 'vitest';

import { ClientOrderId, InstrumentId, Price, Quantity, type VenueClientOrderId, type VenueReport } from '../../../src/core';
import { eventually, startPair } from './harness';

describe('FXCM adapter after a dropped line', () => {
  it('logs on again by itself, reports a gap so the engine reconciles, and trades on', async () => {
    const pair = await startPair({ config: { reconnectInitialDelayMs: 50 } });
    try {
      const reports: VenueReport[] = [];
      const states: string[] = [];
      pair.client.onReport((r) => reports.push(r));
      pair.client.onConnection((e) => states.push(e.state));
      for (const session of pair.sim.server.acceptor.sessions) session.cut();
      await eventually('the new Logon', () => (states.includes('disconnected') && states.at(-1) === 'connected' ? true : undefined));
      expect(reports.some((r) => r.kind === 'gap' && r.accountId === pair.accountId)).toBe(true);
      const result = await pair.client.submit({
        request: { clientOrderId: ClientOrderId.parse('after-drop'), accountId: pair.accountId, instrumentId: InstrumentId.parse('EUR/USD.FXCM'), side: 'buy', type: 'limit', quantity: Quantity.parse('1000'), price: Price.parse('1.00000'), timeInForce: 'GTC', postOnly: false, reduceOnly: false },
        venueClientOrderId: 'after-drop' as VenueClientOrderId,
      });
      expect(result.status).toBe('accepted');
    } finally {
      await pair.close();
    }
  }, 60_000);
});
