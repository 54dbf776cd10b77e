import { TmtError } from '../../core/errors/tmt-error';
import { InstrumentId } from '../../core/identifiers';
import type { CryptoSpot, Instrument } from '../../core/instruments';
import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import { INSTRUMENT_STATE, lookup } from './enums';
import type { WireInstrument } from './parse/wire';

/**
 * What one OKX listing says, for every instType: SPOT maps to a CryptoSpot; SWAP and FUTURES keep their
 * contract terms (ctVal, settleCcy, expiry) here so that a derivative instrument kind can be added without
 * re-reading the wire.
 */
export interface OkxListing {
  readonly instType: 'SPOT' | 'SWAP' | 'FUTURES';
  readonly instId: string;
  readonly tickSz: Decimal;
  readonly lotSz: Decimal;
  readonly minSz: Decimal;
  readonly maxLmtSz?: Decimal;
  readonly state: string;
  readonly contract?: { readonly ctVal: Decimal; readonly ctValCcy: string; readonly settleCcy: string; readonly ctType: string; readonly expiresAt?: number };
}

const optionalDecimal = (text: string | undefined): Decimal | undefined => (text === undefined || text === '' ? undefined : Decimal.parse(text));

export function listingFromRow(row: WireInstrument): OkxListing | undefined {
  if (row.instType !== 'SPOT' && row.instType !== 'SWAP' && row.instType !== 'FUTURES') return undefined;
  const maxLmtSz = optionalDecimal(row.maxLmtSz);
  const ctVal = optionalDecimal(row.ctVal);
  return {
    instType: row.instType,
    instId: row.instId,
    tickSz: Decimal.parse(row.tickSz),
    lotSz: Decimal.parse(row.lotSz),
    minSz: Decimal.parse(row.minSz),
    ...(maxLmtSz === undefined ? {} : { maxLmtSz }),
    state: row.state,
    ...(row.instType === 'SPOT' || ctVal === undefined
      ? {}
      : { contract: { ctVal, ctValCcy: row.ctValCcy, settleCcy: row.settleCcy, ctType: row.ctType, ...(row.expTime === '' ? {} : { expiresAt: Number(row.expTime) }) } }),
  };
}

/** A SPOT row as a CryptoSpot; undefined (reported by the caller) for a state the table does not know. */
export function instrumentFromRow(row: WireInstrument): CryptoSpot | undefined {
  const status = lookup(INSTRUMENT_STATE, row.state);
  if (row.instType !== 'SPOT' || status === undefined) return undefined;
  const maxQuantity = optionalDecimal(row.maxLmtSz);
  return {
    kind: 'crypto-spot',
    id: InstrumentId.of(row.instId, 'OKX'),
    venue: 'OKX',
    venueSymbol: row.instId,
    baseCurrency: Currency.parse(row.baseCcy),
    quoteCurrency: Currency.parse(row.quoteCcy),
    priceIncrement: Decimal.parse(row.tickSz),
    sizeIncrement: Decimal.parse(row.lotSz),
    minQuantity: Decimal.parse(row.minSz),
    ...(maxQuantity === undefined ? {} : { maxQuantity }),
    status,
    minNotionalAppliesToMarket: false,
  };
}

/** Instrument ids to OKX instIds and back: the one place venue symbols are mapped (STYLE rule 8). */
export class SymbolMap {
  private readonly byId = new Map<string, Instrument>();
  private readonly bySymbol = new Map<string, Instrument>();

  load(instruments: readonly Instrument[]): void {
    this.byId.clear();
    this.bySymbol.clear();
    for (const instrument of instruments) {
      this.byId.set(instrument.id, instrument);
      this.bySymbol.set(instrument.venueSymbol, instrument);
    }
  }

  all(): readonly Instrument[] {
    return [...this.byId.values()];
  }

  instrument(instrumentId: InstrumentId): Instrument | undefined {
    return this.byId.get(instrumentId);
  }

  /** The instId of an instrument id; known instruments first, else the id's symbol part (`BTC-USDT.OKX`). */
  instId(instrumentId: InstrumentId): string {
    const known = this.byId.get(instrumentId);
    if (known !== undefined) return known.venueSymbol;
    const dot = instrumentId.lastIndexOf('.');
    if (dot <= 0 || instrumentId.slice(dot + 1) !== 'OKX') {
      throw new TmtError('VENUE_UNSUPPORTED', `instrument ${instrumentId} is not an OKX instrument`, { field: 'instrumentId' });
    }
    return instrumentId.slice(0, dot);
  }

  instrumentId(instId: string): InstrumentId {
    return this.bySymbol.get(instId)?.id ?? InstrumentId.of(instId, 'OKX');
  }
}
