import { InstrumentId } from '../../core/identifiers';
import type { FxPair } from '../../core/instruments';
import type { Decimal } from '../../core/money/decimal';

/** One instrument as the adapter trades it: the engine's view and TradeLocker's ids and lot size. */
export interface TradeLockerInstrument {
  readonly instrument: FxPair;
  readonly tradableInstrumentId: string;
  readonly tradeRouteId: string;
  readonly infoRouteId: string;
  /** Units per lot: the wire's qty × lotSize is the engine's quantity. */
  readonly lotSize: Decimal;
}

export function toInstrumentId(name: string): InstrumentId {
  return InstrumentId.of(name, 'TRADELOCKER');
}

/** The one place instrument ids map both ways: engine id ↔ tradableInstrumentId, and lots ↔ units. */
export class InstrumentTable {
  private readonly byId = new Map<string, TradeLockerInstrument>();
  private readonly byTradable = new Map<string, TradeLockerInstrument>();

  constructor(entries: readonly TradeLockerInstrument[]) {
    for (const entry of entries) {
      this.byId.set(entry.instrument.id, entry);
      this.byTradable.set(entry.tradableInstrumentId, entry);
    }
  }

  all(): readonly TradeLockerInstrument[] {
    return [...this.byId.values()];
  }

  get(instrumentId: InstrumentId): TradeLockerInstrument | undefined {
    return this.byId.get(instrumentId);
  }

  byTradableId(tradableInstrumentId: string): TradeLockerInstrument | undefined {
    return this.byTradable.get(tradableInstrumentId);
  }
}

export function lotsToUnits(entry: TradeLockerInstrument, lots: Decimal): Decimal {
  return lots.mul(entry.lotSize).normalize();
}

/** Units → lots, exact: undefined when the units are not a whole number of the smallest lot fraction. */
export function unitsToLots(entry: TradeLockerInstrument, units: Decimal): Decimal | undefined {
  const lots = units.div(entry.lotSize, 12, 'down');
  return lots.mul(entry.lotSize).eq(units) ? lots.normalize() : undefined;
}
