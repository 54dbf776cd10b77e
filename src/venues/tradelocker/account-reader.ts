import type { Clock } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { AccountId } from '../../core/identifiers';
import type { Logger } from '../../shared/logger';
import type { TradeLockerConfig } from './config';
import type { TradeLockerRestClient } from './http/rest-client';
import type { TlResponse } from './http/transport';
import type { RouteRateLimiter, RouteRateLimit } from './http/rate-limiter';
import { instrumentOf, readInstrumentList } from './parse/instruments';
import { readOrder, type TlOrder } from './parse/orders';
import { columnSets, envelope, rowsOf, type ColumnSets, type Row } from './parse/wire';
import { codeOfErrmsg } from './reasons';
import { InstrumentTable } from './symbols';
import { TRADELOCKER_PROFILES } from './profile';

/** An account as the adapter addresses it: the id in paths, the accNum header, its currency. */
export interface TlAccount {
  readonly accountId: AccountId;
  readonly accNum: string;
  readonly currency: string;
}

/**
 * The reads every other part builds on: all-accounts (accNum, currency), /trade/config (columns, rate limits),
 * the instruments with their trading rules, and the order, position and execution tables as rows by column.
 */
export class AccountReader {
  readonly accounts = new Map<AccountId, TlAccount>();
  private columnsValue: ColumnSets | undefined;
  private table: InstrumentTable | undefined;

  constructor(
    private readonly config: TradeLockerConfig,
    private readonly rest: TradeLockerRestClient,
    private readonly limiter: RouteRateLimiter,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async load(accountIds: readonly AccountId[]): Promise<void> {
    const all = await this.rest.getAllAccounts();
    const list = (expectStatus(all, 'all-accounts') as { accounts?: unknown }).accounts;
    if (!Array.isArray(list)) throw new TmtError('VENUE_PROTOCOL', 'TradeLocker all-accounts answer has no accounts array');
    for (const accountId of accountIds) {
      const found = (list as { id?: unknown; accNum?: unknown; currency?: unknown }[]).find((a) => String(a.id) === accountId);
      if (found === undefined) {
        throw new TmtError('CONFIG_INVALID', `TradeLocker login has no account ${accountId} (it has ${list.map((a) => String((a as { id?: unknown }).id)).join(', ')})`, { field: 'accountIds' });
      }
      this.accounts.set(accountId, { accountId, accNum: String(found.accNum), currency: typeof found.currency === 'string' ? found.currency : 'USD' });
    }
    const first = this.account(accountIds[0] as AccountId);
    const config = envelope(expectStatus(await this.rest.getConfig(first.accNum), 'config'), 'config');
    this.columnsValue = columnSets(config);
    const rateLimits = (config as { rateLimits?: unknown }).rateLimits;
    if (Array.isArray(rateLimits)) this.limiter.configure(rateLimits.map(readRateLimit).filter((l): l is RouteRateLimit => l !== undefined));
    await this.loadInstruments(first);
  }

  account(accountId: AccountId): TlAccount {
    const account = this.accounts.get(accountId);
    if (account === undefined) throw new TmtError('VENUE_REJECTED', `TradeLocker account ${accountId} is not connected`, { field: 'accountId' });
    return account;
  }

  get columns(): ColumnSets {
    if (this.columnsValue === undefined) throw new TmtError('VENUE_UNAVAILABLE', 'TradeLocker adapter is not connected (no /trade/config yet)');
    return this.columnsValue;
  }

  get instruments(): InstrumentTable {
    return this.table ?? new InstrumentTable([]);
  }

  async openOrderRows(account: TlAccount): Promise<Row[]> {
    const d = envelope(expectStatus(await this.rest.getOrders(account.accNum, account.accountId), 'orders'), 'orders');
    return rowsOf(d, 'orders', this.columns.orders);
  }

  async historyRows(account: TlAccount, fromMs?: number): Promise<Row[]> {
    const d = envelope(expectStatus(await this.rest.getOrdersHistory(account.accNum, account.accountId, fromMs === undefined ? {} : { from: String(fromMs) }), 'orders history'), 'orders history');
    return rowsOf(d, 'ordersHistory', this.columns.ordersHistory);
  }

  async executionRows(account: TlAccount): Promise<Row[]> {
    const d = envelope(expectStatus(await this.rest.getExecutions(account.accNum, account.accountId), 'executions'), 'executions');
    return rowsOf(d, 'executions', this.columns.executions);
  }

  async positionRows(account: TlAccount): Promise<Row[]> {
    const d = envelope(expectStatus(await this.rest.getPositions(account.accNum, account.accountId), 'positions'), 'positions');
    return rowsOf(d, 'positions', this.columns.positions);
  }

  /** Every order of the account, open and final, read into TlOrder (unreadable rows are logged and skipped). */
  async allOrders(account: TlAccount): Promise<TlOrder[]> {
    const rows = [...(await this.openOrderRows(account)), ...(await this.historyRows(account))];
    const orders: TlOrder[] = [];
    for (const row of rows) {
      const read = readOrder(row, this.instruments);
      if (read.ok) orders.push(read.order);
      else this.logger.warn({ description: read.description }, 'tradelocker order row not read');
    }
    return orders;
  }

  private async loadInstruments(account: TlAccount): Promise<void> {
    const d = envelope(expectStatus(await this.rest.getInstruments(account.accNum, account.accountId), 'instruments'), 'instruments');
    const wanted = new Set(this.config.instruments);
    const entries = readInstrumentList(d).filter((entry) => wanted.size === 0 || wanted.has(entry.name));
    const maxLeverage = TRADELOCKER_PROFILES[this.config.profile].maxLeverage;
    const loaded = [];
    for (const entry of entries) {
      const details = envelope(expectStatus(await this.rest.getInstrumentDetails(account.accNum, entry.tradableInstrumentId, entry.infoRouteId), `instrument ${entry.name}`), `instrument ${entry.name}`);
      loaded.push(instrumentOf(entry, details, maxLeverage));
    }
    this.table = new InstrumentTable(loaded);
    this.logger.info({ instruments: loaded.length, at: this.clock.now() }, 'tradelocker instruments loaded');
  }
}

function readRateLimit(item: unknown): RouteRateLimit | undefined {
  const entry = item as { rateLimitType?: unknown; measure?: unknown; intervalNum?: unknown; limit?: unknown };
  if (typeof entry.rateLimitType !== 'string' || (entry.measure !== 'SECONDS' && entry.measure !== 'MINUTES')) return undefined;
  const intervalNum = Number(entry.intervalNum);
  const limit = Number(entry.limit);
  if (!Number.isSafeInteger(intervalNum) || !Number.isSafeInteger(limit)) return undefined;
  return { rateLimitType: entry.rateLimitType as RouteRateLimit['rateLimitType'], measure: entry.measure, intervalNum, limit };
}

/** A read's body, or the error its status and errmsg name. */
export function expectStatus(response: TlResponse, what: string): unknown {
  if (response.status === 200 || response.status === 201) return response.body;
  const errmsg = (response.body as { errmsg?: unknown }).errmsg;
  const text = typeof errmsg === 'string' ? errmsg : '';
  const code = codeOfErrmsg(text, response.status);
  throw new TmtError(code === 'VENUE_OUTCOME_UNKNOWN' ? 'VENUE_UNAVAILABLE' : code, `TradeLocker ${what}: ${response.status} ${text}`.trim(), { details: { status: String(response.status), errmsg: text } });
}
