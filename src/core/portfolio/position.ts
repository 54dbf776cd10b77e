import type { Timestamp } from '../clock';
import type { AccountId, InstrumentId, TradeId } from '../identifiers';
import type { Currency } from '../money/currency';
import { Decimal } from '../money/decimal';
import type { Money } from '../money/money';
import { moneyOf, trimZeros } from './money-of';
import type { Price } from '../money/price';
import type { ClosedTrade, ConversionRateSource, CostBasis, OpenTrade, PositionFill } from './types';

/** Scale of the cost taken out of an average-cost position on a partial reduction (the one division here). */
export const AVERAGE_COST_SCALE = 16;
/** Scale of the displayed average entry price. */
export const AVERAGE_PRICE_SCALE = 12;

export type PositionLeg = 'net' | 'long' | 'short';

export interface PositionSettings {
  readonly id: string;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly quoteCurrency: Currency;
  readonly accountCurrency: Currency;
  readonly costBasis: CostBasis;
  readonly leg: PositionLeg;
  readonly rates: ConversionRateSource;
  readonly openedAt: Timestamp;
}

export interface PositionLot {
  readonly tradeId: TradeId;
  openQuantity: Decimal;
  readonly initialQuantity: Decimal;
  readonly entryPrice: Price;
  readonly openedAt: Timestamp;
  readonly tag: string | undefined;
}

/**
 * Everything a Position holds besides its settings, as plain exact values (a snapshot of the engine carries it,
 * so a start-up restores the portfolio instead of booking every historical fill again). Copies: later fills do
 * not leak into a taken state.
 */
export interface PositionState {
  readonly signedQuantity: Decimal;
  readonly costNotional: Decimal;
  readonly realizedQuote: Decimal;
  readonly realizedAccountBooked: Decimal;
  readonly realizedUnconverted: Decimal;
  readonly commissions: ReadonlyMap<Currency, Decimal>;
  readonly financing: ReadonlyMap<Currency, Decimal>;
  readonly mark?: Decimal;
  readonly peakQuantity: Decimal;
  readonly closedAt?: Timestamp;
  readonly lastChangedAt: Timestamp;
  readonly tag?: string;
  readonly direction?: 'long' | 'short';
  /** The open FIFO lots, oldest first (fifo-trades books only). */
  readonly lots: readonly PositionLot[];
}

/** What one fill did to one position; `remainder` is the signed part it could not absorb (a netting flip). */
export interface PositionFillResult {
  readonly closed: ClosedTrade[];
  readonly realizedQuote: Decimal;
  readonly remainder: Decimal;
}

const NO_CLOSES: ClosedTrade[] = [];

/**
 * One position (or one leg in hedging mode) from open to flat. Exact throughout: realized + unrealized equals
 * the marked value of the fills' cash flows to the last digit, because cost leaves the position exactly as it
 * is realized (the average-cost split of a partial reduction is the only rounding, and it moves value between
 * realized and unrealized, never creates or loses it). Mutable on purpose: it sits on the fill path.
 */
export class Position {
  signedQuantity: Decimal = Decimal.ZERO;
  /** Signed sum of entry price x open quantity over what is still open. */
  costNotional: Decimal = Decimal.ZERO;
  realizedQuote: Decimal = Decimal.ZERO;
  /** Realized in the account currency, booked at close time (the venue's figure when it gave one). */
  private realizedAccountBooked: Decimal = Decimal.ZERO;
  /** Realized quote amounts that had no rate at close time; converted when asked. */
  private realizedUnconverted: Decimal = Decimal.ZERO;
  /** Commissions and financing in their own currencies (usually one entry). */
  readonly commissions = new Map<Currency, Decimal>();
  readonly financing = new Map<Currency, Decimal>();
  /** Last mark (long at bid, short at ask); undefined until a quote or fill. */
  mark: Decimal | undefined;
  /** Largest absolute quantity held: the position's size for history. */
  peakQuantity: Decimal = Decimal.ZERO;
  closedAt: Timestamp | undefined;
  lastChangedAt: Timestamp;
  /** Tag of the first opening fill: the position's strategy for average-cost books. */
  tag: string | undefined;
  /** Direction of the position while it was open (kept after it closes, for history). */
  direction: 'long' | 'short' | undefined;
  private averageCache: { quantity: Decimal; cost: Decimal; price: Decimal } | undefined;
  private readonly lots: PositionLot[] = [];
  private lotHead = 0;

  constructor(readonly settings: PositionSettings) {
    this.lastChangedAt = settings.openedAt;
  }

  get id(): string {
    return this.settings.id;
  }

  /** A copy of the state (see PositionState); fully closed lots are left out. */
  toState(): PositionState {
    const lots: PositionLot[] = [];
    for (let i = this.lotHead; i < this.lots.length; i++) {
      const lot = this.lots[i] as PositionLot;
      if (!lot.openQuantity.isZero()) lots.push({ ...lot });
    }
    const state: { -readonly [K in keyof PositionState]: PositionState[K] } = {
      signedQuantity: this.signedQuantity,
      costNotional: this.costNotional,
      realizedQuote: this.realizedQuote,
      realizedAccountBooked: this.realizedAccountBooked,
      realizedUnconverted: this.realizedUnconverted,
      commissions: new Map(this.commissions),
      financing: new Map(this.financing),
      peakQuantity: this.peakQuantity,
      lastChangedAt: this.lastChangedAt,
      lots,
    };
    if (this.mark !== undefined) state.mark = this.mark;
    if (this.closedAt !== undefined) state.closedAt = this.closedAt;
    if (this.tag !== undefined) state.tag = this.tag;
    if (this.direction !== undefined) state.direction = this.direction;
    return state;
  }

  /** The position a toState() copy describes, under `settings` (its rates are the live ones). */
  static fromState(settings: PositionSettings, state: PositionState): Position {
    const position = new Position(settings);
    position.signedQuantity = state.signedQuantity;
    position.costNotional = state.costNotional;
    position.realizedQuote = state.realizedQuote;
    position.realizedAccountBooked = state.realizedAccountBooked;
    position.realizedUnconverted = state.realizedUnconverted;
    for (const [currency, amount] of state.commissions) position.commissions.set(currency, amount);
    for (const [currency, amount] of state.financing) position.financing.set(currency, amount);
    position.mark = state.mark;
    position.peakQuantity = state.peakQuantity;
    position.closedAt = state.closedAt;
    position.lastChangedAt = state.lastChangedAt;
    position.tag = state.tag;
    position.direction = state.direction;
    for (const lot of state.lots) position.lots.push({ ...lot });
    return position;
  }

  isFlat(): boolean {
    return this.signedQuantity.isZero();
  }

  /**
   * Books a signed fill (buy positive). Returns the trades it closed and the part it could not absorb: a fill
   * opposite to the position and larger than it closes the position and leaves the rest to the caller.
   */
  applyFill(fill: PositionFill, signed: Decimal): PositionFillResult {
    this.lastChangedAt = fill.occurredAt;
    this.mark = fill.price;
    const held = this.signedQuantity;
    if (held.isZero() || held.sign() === signed.sign()) {
      this.open(fill, signed);
      return { closed: NO_CLOSES, realizedQuote: Decimal.ZERO, remainder: Decimal.ZERO };
    }
    const absorbed = signed.abs().gte(held.abs()) ? held.neg() : signed;
    const closed =
      this.settings.costBasis === 'fifo-trades'
        ? this.closeFifo(fill, absorbed)
        : this.closeAverage(fill, absorbed);
    let realized = Decimal.ZERO;
    for (const trade of closed) realized = realized.add(trade.realizedQuote.amount);
    this.bookRealized(realized, fill, closed);
    if (this.signedQuantity.isZero()) this.closedAt = fill.occurredAt;
    return { closed, realizedQuote: realized, remainder: signed.sub(absorbed) };
  }

  private open(fill: PositionFill, signed: Decimal): void {
    if (this.signedQuantity.isZero()) {
      if (this.tag === undefined) this.tag = fill.tag;
      this.direction = signed.isNegative() ? 'short' : 'long';
    }
    this.signedQuantity = this.signedQuantity.add(signed);
    this.costNotional = this.costNotional.add(signed.mul(fill.price));
    const size = this.signedQuantity.abs();
    if (size.gt(this.peakQuantity)) this.peakQuantity = size;
    if (this.settings.costBasis === 'fifo-trades') {
      this.lots.push({
        tradeId: fill.tradeId,
        openQuantity: signed,
        initialQuantity: signed,
        entryPrice: fill.price,
        openedAt: fill.occurredAt,
        tag: fill.tag,
      });
    }
  }

  /** Closes the oldest lots first; `absorbed` is signed like the fill (opposite to the position). */
  private closeFifo(fill: PositionFill, absorbed: Decimal): ClosedTrade[] {
    const closed: ClosedTrade[] = [];
    let remaining = absorbed.abs();
    while (remaining.isPositive() && this.lotHead < this.lots.length) {
      const lot = this.lots[this.lotHead] as PositionLot;
      const lotSize = lot.openQuantity.abs();
      const take = lotSize.min(remaining);
      const closedSigned = lot.openQuantity.isNegative() ? take.neg() : take;
      const cost = closedSigned.mul(lot.entryPrice);
      closed.push(
        this.closedTrade(
          fill,
          lot.tradeId,
          closedSigned,
          lot.entryPrice,
          closedSigned.mul(fill.price).sub(cost),
          lot.openedAt,
          lot.tag,
        ),
      );
      lot.openQuantity = lot.openQuantity.sub(closedSigned);
      this.signedQuantity = this.signedQuantity.sub(closedSigned);
      this.costNotional = this.costNotional.sub(cost);
      remaining = remaining.sub(take);
      if (lot.openQuantity.isZero()) this.lotHead++;
    }
    if (this.lotHead > 64 && this.lotHead * 2 > this.lots.length) {
      this.lots.splice(0, this.lotHead);
      this.lotHead = 0;
    }
    return closed;
  }

  private closeAverage(fill: PositionFill, absorbed: Decimal): ClosedTrade[] {
    const closedSigned = absorbed.neg();
    const cost = closedSigned.eq(this.signedQuantity)
      ? this.costNotional
      : this.costNotional.mul(closedSigned).div(this.signedQuantity, AVERAGE_COST_SCALE, 'half-even');
    const entry = trimZeros(cost.div(closedSigned, AVERAGE_PRICE_SCALE, 'half-even'));
    const trade = this.closedTrade(
      fill,
      this.id,
      closedSigned,
      entry,
      closedSigned.mul(fill.price).sub(cost),
      this.settings.openedAt,
      this.tag,
    );
    this.signedQuantity = this.signedQuantity.sub(closedSigned);
    this.costNotional = this.signedQuantity.isZero() ? Decimal.ZERO : this.costNotional.sub(cost);
    return [trade];
  }

  private closedTrade(
    fill: PositionFill,
    openingTradeId: string,
    quantity: Decimal,
    entryPrice: Decimal,
    realized: Decimal,
    openedAt: Timestamp,
    tag: string | undefined,
  ): ClosedTrade {
    const realizedQuote = moneyOf(realized, this.settings.quoteCurrency);
    const trade: { -readonly [K in keyof ClosedTrade]: ClosedTrade[K] } = {
      accountId: this.settings.accountId,
      instrumentId: this.settings.instrumentId,
      openingTradeId,
      closingTradeId: fill.tradeId,
      quantity,
      entryPrice,
      exitPrice: fill.price,
      realizedQuote,
      openedAt,
      closedAt: fill.occurredAt,
    };
    const { quoteCurrency, accountCurrency } = this.settings;
    const rate =
      quoteCurrency === accountCurrency
        ? Decimal.ONE
        : this.settings.rates.rate(quoteCurrency, accountCurrency);
    if (rate !== undefined)
      trade.realizedAccount =
        rate === Decimal.ONE
          ? moneyOf(realized, accountCurrency)
          : realizedQuote.convert(rate, accountCurrency);
    if (tag !== undefined) trade.tag = tag;
    return trade;
  }

  /** The venue's booked P&L (when the fill carries one) replaces our converted figure for the whole fill. */
  private bookRealized(realized: Decimal, fill: PositionFill, closed: readonly ClosedTrade[]): void {
    this.realizedQuote = this.realizedQuote.add(realized);
    const venue = fill.venueRealizedPnl;
    if (venue !== undefined && venue.currency === this.settings.accountCurrency) {
      this.realizedAccountBooked = this.realizedAccountBooked.add(venue.amount);
      return;
    }
    for (const trade of closed) {
      if (trade.realizedAccount === undefined)
        this.realizedUnconverted = this.realizedUnconverted.add(trade.realizedQuote.amount);
      else this.realizedAccountBooked = this.realizedAccountBooked.add(trade.realizedAccount.amount);
    }
  }

  addCommission(amount: Money): void {
    this.commissions.set(
      amount.currency,
      (this.commissions.get(amount.currency) ?? Decimal.ZERO).add(amount.amount),
    );
  }

  /** Financing is money received (positive) or paid (negative), as the venue books it. */
  addFinancing(amount: Money, at: Timestamp): void {
    this.financing.set(
      amount.currency,
      (this.financing.get(amount.currency) ?? Decimal.ZERO).add(amount.amount),
    );
    this.lastChangedAt = at;
  }

  markTo(price: Decimal): void {
    this.mark = price;
  }

  /** Weighted average entry of what is open (0 when flat), rounded half-even at AVERAGE_PRICE_SCALE. */
  averagePrice(): Decimal {
    if (this.signedQuantity.isZero()) return Decimal.ZERO;
    // Cached per (quantity, cost): marks on every quote ask for it and only fills change it.
    const cached = this.averageCache;
    if (cached !== undefined && cached.quantity === this.signedQuantity && cached.cost === this.costNotional)
      return cached.price;
    const price = trimZeros(this.costNotional.div(this.signedQuantity, AVERAGE_PRICE_SCALE, 'half-even'));
    this.averageCache = { quantity: this.signedQuantity, cost: this.costNotional, price };
    return price;
  }

  /** mark x quantity - cost, exact, in the quote currency. */
  unrealizedQuote(mark: Decimal | undefined = this.mark): Decimal {
    if (this.signedQuantity.isZero() || mark === undefined) return Decimal.ZERO;
    return this.signedQuantity.mul(mark).sub(this.costNotional);
  }

  /** Realized P&L in the account currency, or undefined when some of it has no rate yet. */
  realizedAccount(): Decimal | undefined {
    if (this.realizedUnconverted.isZero()) return this.realizedAccountBooked;
    const rate = this.settings.rates.rate(this.settings.quoteCurrency, this.settings.accountCurrency);
    return rate === undefined
      ? undefined
      : this.realizedAccountBooked.add(this.realizedUnconverted.mul(rate));
  }

  unrealizedAccount(mark: Decimal | undefined = this.mark): Decimal | undefined {
    const quote = this.unrealizedQuote(mark);
    if (this.settings.quoteCurrency === this.settings.accountCurrency || quote.isZero()) return quote;
    const rate = this.settings.rates.rate(this.settings.quoteCurrency, this.settings.accountCurrency);
    return rate === undefined ? undefined : quote.mul(rate);
  }

  /** Sum of a per-currency map in the account currency, or undefined when a rate is missing. */
  totalInAccount(amounts: ReadonlyMap<Currency, Decimal>): Decimal | undefined {
    let total = Decimal.ZERO;
    for (const [currency, amount] of amounts) {
      if (currency === this.settings.accountCurrency) {
        total = total.add(amount);
        continue;
      }
      const rate = this.settings.rates.rate(currency, this.settings.accountCurrency);
      if (rate === undefined) return undefined;
      total = total.add(amount.mul(rate));
    }
    return total;
  }

  /** Open lots oldest first (FIFO book). Average-cost books return one synthetic lot for the whole position. */
  openTrades(): OpenTrade[] {
    if (this.settings.costBasis === 'average-cost') {
      if (this.signedQuantity.isZero()) return [];
      const tag = this.tag;
      const lot = {
        tradeId: this.id as TradeId,
        openQuantity: this.signedQuantity,
        initialQuantity: this.signedQuantity,
        entryPrice: this.averagePrice() as Price,
        openedAt: this.settings.openedAt,
      };
      return [tag === undefined ? lot : { ...lot, tag }];
    }
    const out: OpenTrade[] = [];
    for (let i = this.lotHead; i < this.lots.length; i++) {
      const lot = this.lots[i] as PositionLot;
      if (lot.openQuantity.isZero()) continue;
      const view = {
        tradeId: lot.tradeId,
        openQuantity: lot.openQuantity,
        initialQuantity: lot.initialQuantity,
        entryPrice: lot.entryPrice,
        openedAt: lot.openedAt,
      };
      out.push(lot.tag === undefined ? view : { ...view, tag: lot.tag });
    }
    return out;
  }
}
