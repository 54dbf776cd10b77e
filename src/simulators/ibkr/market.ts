import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { MatchingEngine } from '../matching';
import { engineInstrumentId, type IbContractSpec } from './instruments';

/**
 * Scripted prices (tests): a book around `mid` with a two-tick spread and deep levels, and a trade print at
 * the mid so that resting orders the move crossed get their chance to fill.
 */
export function setMid(engine: MatchingEngine, spec: IbContractSpec, mid: Decimal, now: number): void {
  const tick = Decimal.parse(spec.minTick);
  const center = mid.roundToIncrement(tick, 'half-even');
  const size = Quantity.parse(spec.secType === 'CASH' ? '50000000' : '1000000');
  const level = (price: Decimal) => ({ price: Price.of(price), quantity: size });
  const instrumentId = engineInstrumentId(spec);
  const steps = [0, 1, 2, 3, 4].map((i) => tick.mul(Decimal.fromInteger(i)));
  engine.applyMarketData({
    type: 'OrderBookUpdate', instrumentId, kind: 'snapshot', valid: true, occurredAt: now, recordedAt: now,
    bids: steps.map((step) => level(center.sub(tick).sub(step))),
    asks: steps.map((step) => level(center.add(tick).add(step))),
  });
  engine.applyMarketData({ type: 'TradeTick', instrumentId, price: Price.of(center), quantity: Quantity.of(size.mul(Decimal.fromInteger(100))), occurredAt: now, recordedAt: now });
}
