import { Currency, Decimal, InstrumentId, Price, type CryptoSpot, type FxPair } from '../../core';
import type { SimulatedInstrument, SyntheticProfile } from '../matching';

const d = (text: string): Decimal => Decimal.parse(text);

/**
 * The paper venue's instruments: majors with OANDA-like rules (0.00001 ticks, 1-unit lots, 50:1 majors'
 * margin) and spot crypto with Binance-like filters. Synthetic profiles give realistic spreads and depth:
 * about a pip on EUR_USD with a million a level; one cent on BTCUSDT with half a coin a level.
 */
function fx(symbol: string, mid: string, tick: string, pipLocation: number, spreadTicks: number, volatilityTicks: number): SimulatedInstrument {
  const [base, quote] = symbol.split('_') as [string, string];
  const instrument: FxPair = {
    kind: 'fx',
    id: InstrumentId.of(symbol, 'PAPER'),
    venue: 'PAPER',
    venueSymbol: symbol,
    baseCurrency: Currency.parse(base),
    quoteCurrency: Currency.parse(quote),
    priceIncrement: d(tick),
    sizeIncrement: d('1'),
    minQuantity: d('1'),
    status: 'trading',
    pipLocation,
    displayPrecision: d(tick).scale,
    maxOrderUnits: d('100000000'),
    marginRate: d('0.02'),
    trailingStopDistance: { min: d(tick).mul(d('50')), max: d('1') },
    financing: { longRate: d('-0.025'), shortRate: d('0.005') },
  };
  const synthetic: SyntheticProfile = { initialMid: Price.parse(mid), spreadTicks, volatilityTicks, depth: 10, levelSize: d('1000000'), stepMs: 250, tradesPerStep: 2 };
  return { instrument, fees: { maker: Decimal.ZERO, taker: Decimal.ZERO }, synthetic };
}

function spot(symbol: string, base: string, mid: string, tick: string, step: string, levelSize: string, volatilityTicks: number): SimulatedInstrument {
  const instrument: CryptoSpot = {
    kind: 'crypto-spot',
    id: InstrumentId.of(symbol, 'PAPER'),
    venue: 'PAPER',
    venueSymbol: symbol,
    baseCurrency: Currency.parse(base),
    quoteCurrency: Currency.parse('USDT'),
    priceIncrement: d(tick),
    sizeIncrement: d(step),
    minQuantity: d(step),
    maxQuantity: d('9000'),
    minNotional: d('5'),
    minNotionalAppliesToMarket: true,
    status: 'trading',
    maxOpenOrders: 200,
    trailingDeltaBasisPoints: { min: 10, max: 2000 },
  };
  const synthetic: SyntheticProfile = { initialMid: Price.parse(mid), spreadTicks: 1, volatilityTicks, depth: 20, levelSize: d(levelSize), stepMs: 250, tradesPerStep: 3 };
  return { instrument, fees: { maker: d('0.001'), taker: d('0.001') }, synthetic };
}

export function paperInstruments(): SimulatedInstrument[] {
  return [
    fx('EUR_USD', '1.08500', '0.00001', -4, 8, 4),
    fx('GBP_USD', '1.26500', '0.00001', -4, 12, 5),
    fx('USD_JPY', '151.500', '0.001', -2, 10, 5),
    fx('AUD_USD', '0.65800', '0.00001', -4, 12, 4),
    fx('EUR_GBP', '0.85700', '0.00001', -4, 14, 3),
    spot('BTCUSDT', 'BTC', '60000.00', '0.01', '0.00001', '0.5', 300),
    spot('ETHUSDT', 'ETH', '3000.00', '0.01', '0.0001', '5', 40),
  ];
}
