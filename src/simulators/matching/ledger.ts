import { Decimal, type AccountId, type Instrument, type InstrumentId, type OrderSide } from '../../core';
import type { SimAccountState, SimBalance, SimPosition, SimulatedAccount } from './types';

/** Scale of converted amounts when a conversion divides (USD_JPY P&L into USD). */
const CONVERSION_SCALE = 10;

export interface Marks {
  /** Best bid and ask of an instrument as Decimals, when its book has both sides. */
  quote(instrumentId: InstrumentId): { bid: Decimal; ask: Decimal } | undefined;
  instruments(): Iterable<Instrument>;
}

/** Marks from the engine's books (best bid and ask as Decimals). */
export function bookMarks(book: (id: InstrumentId) => { bestBid(): Decimal | undefined; bestAsk(): Decimal | undefined } | undefined, instruments: readonly Instrument[]): Marks {
  return {
    quote: (id) => {
      const b = book(id);
      const bid = b?.bestBid();
      const ask = b?.bestAsk();
      return bid === undefined || ask === undefined ? undefined : { bid, ask };
    },
    instruments: () => instruments,
  };
}

/** One open lot of a position: FIFO, so realized P&L is exact (no averaged cost basis to round). */
interface OpenLot {
  quantity: Decimal;
  price: Decimal;
}

interface PositionRecord {
  instrumentId: InstrumentId;
  leg: 'net' | 'long' | 'short';
  /** Signed: positive long. All lots share the sign. */
  lots: OpenLot[];
  realized: Decimal;
  financing: Decimal;
}

interface AccountRecord {
  config: SimulatedAccount;
  balances: Map<string, Decimal>;
  positions: PositionRecord[];
  realized: Decimal;
  financing: Decimal;
  commission: Decimal;
}

const sumQuantity = (lots: readonly OpenLot[]) => lots.reduce((s, l) => s.add(l.quantity), Decimal.ZERO);

/**
 * Balances and positions per account. Cash accounts move balances on every fill; margin accounts book
 * realized P&L, commission and financing in the base currency and keep FIFO positions (netting or hedging).
 */
export class Ledger {
  private readonly accounts = new Map<AccountId, AccountRecord>();

  constructor(
    configs: readonly SimulatedAccount[],
    private readonly marks: Marks,
  ) {
    for (const config of configs) {
      const balances = new Map<string, Decimal>();
      for (const b of config.balances) balances.set(b.currency, (balances.get(b.currency) ?? Decimal.ZERO).add(b.amount));
      if (!balances.has(config.baseCurrency)) balances.set(config.baseCurrency, Decimal.ZERO);
      this.accounts.set(config.accountId, { config, balances, positions: [], realized: Decimal.ZERO, financing: Decimal.ZERO, commission: Decimal.ZERO });
    }
  }

  has(accountId: AccountId): boolean {
    return this.accounts.has(accountId);
  }

  config(accountId: AccountId): SimulatedAccount {
    return this.record(accountId).config;
  }

  private record(accountId: AccountId): AccountRecord {
    const record = this.accounts.get(accountId);
    if (record === undefined) throw new RangeError(`unknown account ${accountId}`);
    return record;
  }

  balance(accountId: AccountId, currency: string): Decimal {
    return this.record(accountId).balances.get(currency) ?? Decimal.ZERO;
  }

  /** Units of `to` per unit of `from`, from the books' mids (direct, inverse, or through one other currency). */
  conversion(from: string, to: string): Decimal | undefined {
    if (from === to) return Decimal.ONE;
    const direct = this.directRate(from, to);
    if (direct !== undefined) return direct;
    for (const instrument of this.marks.instruments()) {
      for (const via of [instrument.baseCurrency, instrument.quoteCurrency]) {
        if (via === from || via === to) continue;
        const first = this.directRate(from, via);
        const second = first === undefined ? undefined : this.directRate(via, to);
        if (first !== undefined && second !== undefined) return first.mul(second).rescale(CONVERSION_SCALE, 'half-even');
      }
    }
    return undefined;
  }

  private directRate(from: string, to: string): Decimal | undefined {
    for (const instrument of this.marks.instruments()) {
      const quote = this.marks.quote(instrument.id);
      if (quote === undefined) continue;
      const mid = quote.bid.add(quote.ask).mul(Decimal.parse('0.5'));
      if (instrument.baseCurrency === from && instrument.quoteCurrency === to) return mid;
      if (instrument.baseCurrency === to && instrument.quoteCurrency === from) return Decimal.ONE.div(mid, CONVERSION_SCALE, 'half-even');
    }
    return undefined;
  }

  /** An amount in `currency` expressed in the account's base currency, or undefined with no rate. */
  toBase(accountId: AccountId, amount: Decimal, currency: string): Decimal | undefined {
    const rate = this.conversion(currency, this.record(accountId).config.baseCurrency);
    if (rate === undefined) return undefined;
    const converted = amount.mul(rate);
    return converted.scale > CONVERSION_SCALE ? converted.rescale(CONVERSION_SCALE, 'half-even') : converted;
  }

  /** Net signed quantity over legs. */
  netQuantity(accountId: AccountId, instrumentId: InstrumentId): Decimal {
    return this.record(accountId)
      .positions.filter((p) => p.instrumentId === instrumentId)
      .reduce((sum, p) => sum.add(sumQuantity(p.lots)), Decimal.ZERO);
  }

  /** Signed quantity of one leg ('net' in netting mode; 'long' / 'short' in hedging mode). */
  legQuantity(accountId: AccountId, instrumentId: InstrumentId, leg: 'net' | 'long' | 'short'): Decimal {
    const position = this.record(accountId).positions.find((p) => p.instrumentId === instrumentId && p.leg === leg);
    return position === undefined ? Decimal.ZERO : sumQuantity(position.lots);
  }

  /** The leg a fill lands on (hedging: reduce-only fills reduce the opposite leg, others add to their own). */
  private position(record: AccountRecord, instrumentId: InstrumentId, side: OrderSide, reduceOnly: boolean): PositionRecord {
    const leg: PositionRecord['leg'] =
      record.config.positionMode === 'netting' ? 'net' : (side === 'buy') !== reduceOnly ? 'long' : 'short';
    let position = record.positions.find((p) => p.instrumentId === instrumentId && p.leg === leg);
    if (position === undefined) {
      position = { instrumentId, leg, lots: [], realized: Decimal.ZERO, financing: Decimal.ZERO };
      record.positions.push(position);
    }
    return position;
  }

  /**
   * Books one fill. Cash: balances move (quote pays for base, commission in quote). Margin: FIFO lots,
   * realized P&L and commission converted into the base currency. Returns the realized P&L (margin accounts).
   */
  applyFill(accountId: AccountId, instrument: Instrument, side: OrderSide, quantity: Decimal, price: Decimal, commission: Decimal, reduceOnly: boolean): Decimal | undefined {
    const record = this.record(accountId);
    const notional = price.mul(quantity);
    if (record.config.type === 'cash') {
      const base = instrument.baseCurrency;
      const quote = instrument.quoteCurrency;
      const sign = side === 'buy' ? Decimal.ONE : Decimal.ONE.neg();
      record.balances.set(base, this.balance(accountId, base).add(quantity.mul(sign)));
      record.balances.set(quote, this.balance(accountId, quote).sub(notional.mul(sign)).sub(commission));
      record.commission = record.commission.add(commission);
      return undefined;
    }
    const position = this.position(record, instrument.id, side, reduceOnly);
    const signed = side === 'buy' ? quantity : quantity.neg();
    let remaining = signed;
    let realizedQuote = Decimal.ZERO;
    while (!remaining.isZero() && position.lots.length > 0) {
      const oldest = position.lots[0] as OpenLot;
      if (oldest.quantity.sign() === remaining.sign()) break;
      const closing = oldest.quantity.abs().min(remaining.abs());
      // A long lot closed by a sell gains (price - entry); a short lot closed by a buy gains (entry - price).
      const direction = oldest.quantity.isPositive() ? Decimal.ONE : Decimal.ONE.neg();
      realizedQuote = realizedQuote.add(price.sub(oldest.price).mul(closing).mul(direction));
      const left = oldest.quantity.sub(closing.mul(direction));
      if (left.isZero()) position.lots.shift();
      else oldest.quantity = left;
      remaining = remaining.add(closing.mul(direction));
    }
    if (!remaining.isZero()) position.lots.push({ quantity: remaining, price });
    const realized = this.toBase(accountId, realizedQuote, instrument.quoteCurrency) ?? Decimal.ZERO;
    const fee = this.toBase(accountId, commission, instrument.quoteCurrency) ?? Decimal.ZERO;
    const baseCurrency = record.config.baseCurrency;
    record.balances.set(baseCurrency, this.balance(accountId, baseCurrency).add(realized).sub(fee));
    position.realized = position.realized.add(realized);
    record.realized = record.realized.add(realized);
    record.commission = record.commission.add(fee);
    return realized;
  }

  /** Margin rate for an instrument in an account: the instrument's rate or 1/maxLeverage, whichever is higher. */
  marginRate(accountId: AccountId, instrument: Instrument): Decimal {
    const config = this.record(accountId).config;
    const instrumentRate = instrument.kind === 'fx' ? instrument.marginRate : Decimal.ONE;
    if (config.maxLeverage === undefined || !config.maxLeverage.isPositive()) return instrumentRate;
    return instrumentRate.max(Decimal.ONE.div(config.maxLeverage, 12, 'ceil'));
  }

  /** Margin `quantity` units would hold at the current mid, in the base currency (undefined with no price). */
  marginFor(accountId: AccountId, instrument: Instrument, quantity: Decimal): Decimal | undefined {
    const quote = this.marks.quote(instrument.id);
    if (quote === undefined) return undefined;
    const mid = quote.bid.add(quote.ask).mul(Decimal.parse('0.5'));
    return this.toBase(accountId, quantity.abs().mul(mid).mul(this.marginRate(accountId, instrument)), instrument.quoteCurrency);
  }

  /** Charges or credits a day of financing on every open margin position; returns what was booked. */
  chargeFinancing(accountId: AccountId): { instrumentId: InstrumentId; amount: Decimal }[] {
    const record = this.record(accountId);
    if (record.config.type !== 'margin') return [];
    const booked: { instrumentId: InstrumentId; amount: Decimal }[] = [];
    for (const position of record.positions) {
      const instrument = [...this.marks.instruments()].find((i) => i.id === position.instrumentId);
      const quantity = sumQuantity(position.lots);
      const quote = this.marks.quote(position.instrumentId);
      if (instrument?.kind !== 'fx' || instrument.financing === undefined || quantity.isZero() || quote === undefined) continue;
      const rate = quantity.isPositive() ? instrument.financing.longRate : instrument.financing.shortRate;
      const mid = quote.bid.add(quote.ask).mul(Decimal.parse('0.5'));
      const daily = quantity.abs().mul(mid).mul(rate).div(Decimal.fromInteger(365), CONVERSION_SCALE, 'half-even');
      const amount = this.toBase(accountId, daily, instrument.quoteCurrency);
      if (amount === undefined || amount.isZero()) continue;
      record.balances.set(record.config.baseCurrency, this.balance(accountId, record.config.baseCurrency).add(amount));
      position.financing = position.financing.add(amount);
      record.financing = record.financing.add(amount);
      booked.push({ instrumentId: position.instrumentId, amount });
    }
    return booked;
  }

  positions(accountId: AccountId): SimPosition[] {
    const record = this.record(accountId);
    return record.positions
      .filter((p) => p.lots.length > 0)
      .map((p) => {
        const quantity = sumQuantity(p.lots);
        const cost = p.lots.reduce((s, l) => s.add(l.quantity.mul(l.price)), Decimal.ZERO);
        return {
          accountId,
          instrumentId: p.instrumentId,
          leg: p.leg,
          signedQuantity: quantity,
          averagePrice: cost.div(quantity, 12, 'half-even').normalize(),
          unrealizedPnl: this.unrealized(accountId, p) ?? Decimal.ZERO,
          realizedPnl: p.realized,
          financing: p.financing,
        };
      });
  }

  private unrealized(accountId: AccountId, position: PositionRecord): Decimal | undefined {
    const quote = this.marks.quote(position.instrumentId);
    const instrument = [...this.marks.instruments()].find((i) => i.id === position.instrumentId);
    if (quote === undefined || instrument === undefined) return undefined;
    let pnl = Decimal.ZERO;
    for (const lot of position.lots) {
      const exit = lot.quantity.isPositive() ? quote.bid : quote.ask;
      pnl = pnl.add(exit.sub(lot.price).mul(lot.quantity));
    }
    return this.toBase(accountId, pnl, instrument.quoteCurrency);
  }

  /** The account's figures; `locked` is what open orders hold per currency (cash accounts). */
  state(accountId: AccountId, locked: ReadonlyMap<string, Decimal>): SimAccountState {
    const record = this.record(accountId);
    const balances: SimBalance[] = [...record.balances.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, total]) => {
        const held = locked.get(currency) ?? Decimal.ZERO;
        return { currency, total, locked: held, free: total.sub(held) };
      });
    let unrealized = Decimal.ZERO;
    let marginUsed = Decimal.ZERO;
    const instruments = [...this.marks.instruments()];
    for (const position of record.positions) {
      if (position.lots.length === 0) continue;
      unrealized = unrealized.add(this.unrealized(accountId, position) ?? Decimal.ZERO);
      const instrument = instruments.find((i) => i.id === position.instrumentId);
      if (instrument !== undefined) marginUsed = marginUsed.add(this.marginFor(accountId, instrument, sumQuantity(position.lots)) ?? Decimal.ZERO);
    }
    const cash = this.balance(accountId, record.config.baseCurrency);
    const equity = cash.add(unrealized);
    return {
      accountId,
      baseCurrency: record.config.baseCurrency,
      type: record.config.type,
      positionMode: record.config.positionMode,
      balances,
      equity,
      marginUsed,
      marginAvailable: equity.sub(marginUsed),
      unrealizedPnl: unrealized,
      realizedPnl: record.realized,
      financing: record.financing,
      commission: record.commission,
    };
  }

  accountIds(): AccountId[] {
    return [...this.accounts.keys()];
  }

  hasPositions(accountId: AccountId): boolean {
    return this.record(accountId).positions.some((p) => p.lots.length > 0);
  }

  save(): unknown {
    return [...this.accounts.entries()].map(([id, r]) => ({
      id,
      balances: [...r.balances.entries()],
      positions: r.positions,
      realized: r.realized,
      financing: r.financing,
      commission: r.commission,
    }));
  }

  restore(saved: unknown): void {
    for (const entry of saved as { id: AccountId; balances: [string, Decimal][]; positions: PositionRecord[]; realized: Decimal; financing: Decimal; commission: Decimal }[]) {
      const record = this.accounts.get(entry.id);
      if (record === undefined) continue;
      record.balances = new Map(entry.balances);
      record.positions = entry.positions;
      record.realized = entry.realized;
      record.financing = entry.financing;
      record.commission = entry.commission;
    }
  }
}
