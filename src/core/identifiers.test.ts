import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID_RULES, ClientOrderId, deriveVenueClientOrderId, InstrumentId } from './identifiers';

describe('InstrumentId', () => {
  it('splits symbol and venue', () => {
    const id = InstrumentId.parse('EUR_USD.OANDA');
    expect(InstrumentId.symbol(id)).toBe('EUR_USD');
    expect(InstrumentId.venue(id)).toBe('OANDA');
    expect(InstrumentId.venue(InstrumentId.parse('BTCUSDT.BINANCEUS'))).toBe('BINANCEUS');
  });

  it.each(['EURUSD', 'EUR_USD.NYSE', '.OANDA', 'EUR USD.OANDA'])('refuses %j naming the field and rule', (text) => {
    expect(() => InstrumentId.parse(text)).toThrow(/instrumentId must be SYMBOL\.VENUE/);
  });
});

describe('deriveVenueClientOrderId', () => {
  it('sends an id that already fits the venue rule unchanged', () => {
    const id = ClientOrderId.parse('strat-1.order-42');
    expect(deriveVenueClientOrderId(id, CLIENT_ID_RULES.binance)).toBe('strat-1.order-42');
  });

  it('derives ids every venue accepts, deterministically, distinct per revision', () => {
    const idArbitrary = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
    fc.assert(
      fc.property(idArbitrary, fc.integer({ min: 0, max: 5 }), (raw, revision) => {
        const id = ClientOrderId.parse(raw);
        for (const rule of Object.values(CLIENT_ID_RULES)) {
          const derived = deriveVenueClientOrderId(id, rule, revision);
          expect(rule.pattern.test(derived)).toBe(true);
          expect(derived.length).toBeLessThanOrEqual(rule.maxLength);
          expect(deriveVenueClientOrderId(id, rule, revision)).toBe(derived);
          expect(deriveVenueClientOrderId(id, rule, revision + 1)).not.toBe(derived);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('maps an id too long for OKX to 32 alphanumerics', () => {
    const id = ClientOrderId.parse('a-strategy-with-a-long-name:order-000000123');
    const derived = deriveVenueClientOrderId(id, CLIENT_ID_RULES.okx);
    expect(derived).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});
