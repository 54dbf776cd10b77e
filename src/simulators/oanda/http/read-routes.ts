import { Decimal } from '../../../core/money/decimal';
import { OANDA_INSTRUMENTS, specOf } from '../instruments';
import { findOrder, findTrade, type Reply } from '../order-service';
import type { SimOandaAccount } from '../state';
import type { OandaSimVenue } from '../venue';
import type { SimAccountState } from '../../matching';
import { instrumentView, orderView, positionView, summaryView, tradeView, unrealizedOf, type HomeConversion } from '../views';
import { parseTime, priceText, rfc3339, type Json } from '../wire-format';

const last = (account: SimOandaAccount): string => account.lastTransactionId.toString();
const notFound = (account: SimOandaAccount, code: string, message: string): Reply => ({ status: 404, body: { errorCode: code, errorMessage: message, lastTransactionID: last(account) } });
const badRequest = (message: string): Reply => ({ status: 400, body: { errorMessage: message } });

/** The read side of the v20 API. */
export class ReadRoutes {
  constructor(private readonly venue: OandaSimVenue, private readonly origin: () => string) {}

  private quote = (instrument: string) => this.venue.quote(instrument);
  private home: HomeConversion = { rate: (c) => this.venue.homeRate(c), factors: (c) => this.venue.homeFactors(c) };

  summary(account: SimOandaAccount): Reply {
    return { status: 200, body: { account: { ...summaryView(account, this.accountState(account)), lastTransactionID: last(account) }, lastTransactionID: last(account) } };
  }

  account(account: SimOandaAccount): Reply {
    const summary = summaryView(account, this.accountState(account));
    return {
      status: 200,
      body: {
        account: {
          ...summary,
          lastTransactionID: last(account),
          trades: this.openTrades(account).map((t) => tradeView(t, account, this.quote, this.home)),
          positions: this.instrumentsTraded(account).map((i) => positionView(i, account, this.quote, this.home)),
          orders: [...account.orders.values()].filter((o) => o.state === 'PENDING').map(orderView),
        },
        lastTransactionID: last(account),
      },
    };
  }

  instruments(account: SimOandaAccount, query: URLSearchParams): Reply {
    const wanted = query.get('instruments');
    const names = wanted === null || wanted === '' ? undefined : new Set(wanted.split(','));
    if (names !== undefined) for (const name of names) if (specOf(name) === undefined) return badRequest(`Invalid value specified for 'instruments': ${name}`);
    return { status: 200, body: { instruments: OANDA_INSTRUMENTS.filter((s) => names === undefined || names.has(s.name)).map(instrumentView), lastTransactionID: last(account) } };
  }

  orders(account: SimOandaAccount, query: URLSearchParams, pendingOnly: boolean): Reply {
    const state = pendingOnly ? 'PENDING' : (query.get('state') ?? 'PENDING');
    if (!['PENDING', 'FILLED', 'TRIGGERED', 'CANCELLED', 'ALL'].includes(state)) return badRequest(`Invalid value specified for 'state': ${state}`);
    const instrument = query.get('instrument');
    // GET /orders pages (count: default 50, at most 500); GET /pendingOrders takes no count and lists every
    // pending order, as the v20 reference documents it.
    const count = pendingOnly ? Number.MAX_SAFE_INTEGER : Number(query.get('count') ?? '50');
    if (!pendingOnly && (!Number.isInteger(count) || count < 1 || count > 500)) return badRequest("Invalid value specified for 'count'");
    const ids = query.get('ids')?.split(',');
    const orders = [...account.orders.values()]
      .filter((o) => (state === 'ALL' || o.state === state) && (instrument === null || o.instrument === instrument) && (ids === undefined || ids.includes(o.id)))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, count);
    return { status: 200, body: { orders: orders.map(orderView), lastTransactionID: last(account) } };
  }

  order(account: SimOandaAccount, specifier: string): Reply {
    const order = findOrder(account, specifier);
    if (order === undefined) return notFound(account, 'NO_SUCH_ORDER', 'The order ID specified does not exist');
    return { status: 200, body: { order: orderView(order), lastTransactionID: last(account) } };
  }

  trades(account: SimOandaAccount, query: URLSearchParams, openOnly: boolean): Reply {
    const state = openOnly ? 'OPEN' : (query.get('state') ?? 'OPEN');
    if (!['OPEN', 'CLOSED', 'CLOSE_WHEN_TRADEABLE', 'ALL'].includes(state)) return badRequest(`Invalid value specified for 'state': ${state}`);
    const instrument = query.get('instrument');
    const trades = [...account.trades.values()]
      .filter((t) => (state === 'ALL' || t.state === state) && (instrument === null || t.instrument === instrument))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, Number(query.get('count') ?? '50'));
    return { status: 200, body: { trades: trades.map((t) => tradeView(t, account, this.quote, this.home)), lastTransactionID: last(account) } };
  }

  trade(account: SimOandaAccount, specifier: string): Reply {
    const trade = findTrade(account, specifier);
    if (trade === undefined) return notFound(account, 'NO_SUCH_TRADE', 'The Trade specified does not exist');
    return { status: 200, body: { trade: tradeView(trade, account, this.quote, this.home), lastTransactionID: last(account) } };
  }

  positions(account: SimOandaAccount, openOnly: boolean): Reply {
    const instruments = openOnly ? [...new Set(this.openTrades(account).map((t) => t.instrument))] : this.instrumentsTraded(account);
    return { status: 200, body: { positions: instruments.map((i) => positionView(i, account, this.quote, this.home)), lastTransactionID: last(account) } };
  }

  position(account: SimOandaAccount, instrument: string): Reply {
    if (specOf(instrument) === undefined) return badRequest(`Invalid value specified for 'instrument': ${instrument}`);
    return { status: 200, body: { position: positionView(instrument, account, this.quote, this.home), lastTransactionID: last(account) } };
  }

  transaction(account: SimOandaAccount, id: string): Reply {
    const found = /^\d+$/.test(id) ? account.transactions[Number(id) - 1] : undefined;
    if (found === undefined) return notFound(account, 'NO_SUCH_TRANSACTION', 'The transaction ID specified does not exist');
    return { status: 200, body: { transaction: found, lastTransactionID: last(account) } };
  }

  /** GET /transactions: pages of idrange URLs over the transactions in [from, to], optionally of some types. */
  transactionPages(account: SimOandaAccount, query: URLSearchParams): Reply {
    const from = query.has('from') ? parseTime(query.get('from') ?? '') : 0;
    const to = query.has('to') ? parseTime(query.get('to') ?? '') : this.venue.now();
    const pageSize = Number(query.get('pageSize') ?? '100');
    if (from === undefined || to === undefined) return badRequest("Invalid value specified for 'from' or 'to'");
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return badRequest("Invalid value specified for 'pageSize'");
    const types = query.get('type')?.split(',');
    const matching = account.transactions.filter((t) => {
      const time = parseTime(String(t['time'])) ?? 0;
      return time >= from && time <= to && (types === undefined || types.includes(String(t['type'])));
    });
    const pages: string[] = [];
    for (let i = 0; i < matching.length; i += pageSize) {
      const chunk = matching.slice(i, i + pageSize);
      pages.push(`${this.origin()}/v3/accounts/${account.id}/transactions/idrange?from=${String(chunk[0]?.['id'])}&to=${String(chunk[chunk.length - 1]?.['id'])}${types === undefined ? '' : `&type=${types.join(',')}`}`);
    }
    return {
      status: 200,
      body: { from: rfc3339(from), to: rfc3339(to), pageSize, ...(types === undefined ? {} : { type: types }), count: matching.length, pages, lastTransactionID: last(account) },
    };
  }

  idRange(account: SimOandaAccount, query: URLSearchParams): Reply {
    const from = query.get('from');
    const to = query.get('to');
    if (from === null || to === null || !/^\d+$/.test(from) || !/^\d+$/.test(to)) return badRequest("Invalid value specified for 'from' or 'to'");
    if (BigInt(from) > account.lastTransactionId) return { status: 416, body: { errorMessage: `Invalid value specified for 'from': ${from} is after the last transaction ${last(account)}` } };
    const types = query.get('type')?.split(',');
    const transactions = account.transactions.filter((t) => {
      const id = BigInt(String(t['id']));
      return id >= BigInt(from) && id <= BigInt(to) && (types === undefined || types.includes(String(t['type'])));
    });
    return { status: 200, body: { transactions, lastTransactionID: last(account) } };
  }

  /** GET /transactions/sinceid: everything after `id`; an id past the last transaction is out of range (416). */
  sinceId(account: SimOandaAccount, query: URLSearchParams): Reply {
    const id = query.get('id');
    if (id === null || !/^\d+$/.test(id)) return badRequest("Invalid value specified for 'id'");
    if (BigInt(id) > account.lastTransactionId) {
      return { status: 416, body: { errorMessage: `Invalid value specified for 'id': ${id} is after the last transaction ${last(account)}` } };
    }
    return { status: 200, body: { transactions: account.transactions.slice(Number(id)), lastTransactionID: last(account) } };
  }

  pricing(_account: SimOandaAccount, query: URLSearchParams): Reply {
    const names = (query.get('instruments') ?? '').split(',').filter((n) => n !== '');
    if (names.length === 0 || names.some((n) => specOf(n) === undefined)) return badRequest("Invalid value specified for 'instruments'");
    const prices = names.map((n) => this.priceObject(n)).filter((p): p is Json => p !== undefined);
    const conversions = query.get('includeHomeConversions') === 'true'
      ? [...new Set(names.flatMap((n) => n.split('_')))].map((currency) => {
          const factors = this.home.factors(currency);
          return {
            currency, accountGain: factors.positive.toString(), accountLoss: factors.negative.toString(),
            positionValue: this.home.rate(currency).rescale(5, 'half-even').toString(),
          };
        })
      : undefined;
    return { status: 200, body: { prices, ...(conversions === undefined ? {} : { homeConversions: conversions }), time: rfc3339(this.venue.now()) } };
  }

  /** A ClientPrice as the pricing stream and GET /pricing write it. */
  priceObject(instrument: string): Json | undefined {
    const spec = specOf(instrument);
    const book = this.venue.engine.book(`${instrument}.OANDA` as never);
    if (spec === undefined || book === undefined) return undefined;
    const { bids, asks } = book.levels(3);
    if (bids.length === 0 || asks.length === 0) return undefined;
    const p = (d: Decimal): string => priceText(d, spec.displayPrecision);
    const factors = this.home.factors(instrument.split('_')[1] ?? 'USD');
    return {
      type: 'PRICE', instrument, time: rfc3339(book.updatedAt), status: 'tradeable', tradeable: true,
      bids: bids.map((l) => ({ price: p(l.price), liquidity: Number(l.quantity.toString()) })),
      asks: asks.map((l) => ({ price: p(l.price), liquidity: Number(l.quantity.toString()) })),
      closeoutBid: p(bids[bids.length - 1]?.price ?? Decimal.ZERO), closeoutAsk: p(asks[asks.length - 1]?.price ?? Decimal.ZERO),
      quoteHomeConversionFactors: { positiveUnits: factors.positive.toString(), negativeUnits: factors.negative.toString() },
    };
  }

  /**
   * The matching engine's figures with OANDA's unrealized P&L: the sum of the open trades' unrealizedPL (each
   * converted by the gain or loss factor), so the summary, NAV and margin available agree with the trades.
   */
  private accountState(account: SimOandaAccount): SimAccountState {
    const state = this.venue.engine.account(account.id);
    const balance = state.balances.find((b) => b.currency === account.currency)?.total ?? Decimal.ZERO;
    const unrealizedPnl = this.openTrades(account).reduce((sum, t) => sum.add(unrealizedOf(t, this.quote, this.home)), Decimal.ZERO);
    const equity = balance.add(unrealizedPnl);
    return { ...state, unrealizedPnl, equity, marginAvailable: equity.sub(state.marginUsed) };
  }

  private openTrades(account: SimOandaAccount) {
    return [...account.trades.values()].filter((t) => t.state === 'OPEN');
  }

  private instrumentsTraded(account: SimOandaAccount): string[] {
    return [...new Set([...account.trades.values()].map((t) => t.instrument))];
  }
}
