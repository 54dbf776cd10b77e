import type { Clock, Timestamp } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { VenueConnectionState } from '../../core/events';
import type { AccountId } from '../../core/identifiers';
import type { FillReport } from '../../core/reports';
import type { Logger } from '../../shared/logger';
import type { IbkrConfig } from './config';
import { CONNECTIVITY_LOST, INFORMATIONAL_CODES, ORDER_CANCELED, ORDER_REJECT_CODES, RESTORED_DATA_LOST, RESTORED_DATA_MAINTAINED } from './enums';
import { FillAssembler } from './fills';
import type { OrderIdAllocator } from './order-ids';
import type { IbOrderBook, IbOrderRecord } from './orders';
import { decodeCommissionReport, decodeError, decodeExecution, decodeOpenOrder, decodeOrderStatus } from './parse/messages';
import { decodeCompletedOrder, type IbCompletedOrderMessage } from './parse/completed-order';
import * as encode from './socket/encoder';
import { TwsClient } from './tws-client';
import { FA_PROFILE_DESUPPORT, IN } from './versions';

export type OrderAnswer =
  | { readonly kind: 'update' }
  | { readonly kind: 'error'; readonly code: number; readonly message: string; readonly engineCode: string };

export interface SessionHooks {
  readonly book: IbOrderBook;
  readonly ids: OrderIdAllocator;
  connection(state: VenueConnectionState, reason: string): void;
  /** Re-request what may have been missed (open orders, executions since the last one). */
  resync(reason: string): Promise<void>;
  report(record: IbOrderRecord): void;
}

interface Waiter {
  readonly orderId: number;
  readonly accept: (record: IbOrderRecord) => boolean;
  readonly resolve: (answer: OrderAnswer) => void;
}

/**
 * The adapter's TWS session: connection with reconnect (backoff), order answers matched to the waiting
 * request by order id, TWS's connectivity notices (1100 lost, 1101 restored with data lost, 1102 restored),
 * and informational farm notices (2104/2106/2158) logged at debug, never raised.
 */
export class IbSession {
  readonly client: TwsClient;
  private waiters: Waiter[] = [];
  private closed = false;
  private reconnecting = false;

  constructor(
    private readonly config: IbkrConfig,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly hooks: SessionHooks,
  ) {
    this.client = new TwsClient(config, logger);
    const c = this.client;
    c.on(IN.OPEN_ORDER, (f) => this.onRecord(hooks.book.applyOpenOrder(decodeOpenOrder(f, c.serverVersion), clock.now())));
    c.on(IN.ORDER_STATUS, (f) => this.onRecord(hooks.book.applyOrderStatus(decodeOrderStatus(f), clock.now())));
    c.on(IN.NEXT_VALID_ID, (f) => hooks.ids.observeNextValidId(Number(f[2])));
    c.on(IN.ERR_MSG, (f) => this.onError(decodeError(f)));
    c.onClose((reason) => void this.reconnect(reason));
  }

  async connect(): Promise<void> {
    this.closed = false;
    this.hooks.connection('connecting', 'connect');
    await this.client.connect();
    this.hooks.ids.observeNextValidId(this.client.nextValidId);
    this.hooks.connection('connected', 'connect');
  }

  close(): void {
    this.closed = true;
    this.client.disconnect();
    for (const waiter of this.waiters) waiter.resolve({ kind: 'error', code: -1, message: 'disconnected', engineCode: 'VENUE_UNAVAILABLE' });
    this.waiters = [];
  }

  /** placeOrder, then the first openOrder/orderStatus (accepted, modified) or error for that id. */
  placeAndWait(orderId: number, fields: encode.PlaceOrderFields): Promise<OrderAnswer> {
    const before = this.hooks.book.get(orderId)?.generation ?? 0;
    return this.wait(orderId, (record) => record.generation > before, (written) => this.client.placeOrder(fields, written));
  }

  /** cancelOrder, then the order's terminal status or an error for its id. */
  cancelAndWait(orderId: number): Promise<OrderAnswer> {
    return this.wait(orderId, (record) => ['Cancelled', 'ApiCancelled', 'Filled', 'Inactive'].includes(record.ibStatus), (written) => this.client.cancelOrder(orderId, written));
  }

  async refreshNextValidId(): Promise<void> {
    await new Promise<void>((resolve) => {
      const stop = this.client.on(IN.NEXT_VALID_ID, () => {
        stop();
        resolve();
      });
      this.client.reqIds();
    });
  }

  /** reqOpenOrders: this client's working orders, folded into the book as they arrive. */
  async refreshOpenOrders(): Promise<void> {
    await this.client.collect(encode.reqOpenOrders(), IN.OPEN_ORDER, IN.OPEN_ORDER_END);
  }

  /** reqCompletedOrders: today's filled, cancelled and rejected orders of every client. */
  async completedOrders(): Promise<IbCompletedOrderMessage[]> {
    const rows = await this.client.collect(encode.reqCompletedOrders(false), IN.COMPLETED_ORDER, IN.COMPLETED_ORDERS_END);
    return rows.map((fields) => decodeCompletedOrder(fields, this.client.serverVersion < FA_PROFILE_DESUPPORT));
  }

  /** reqExecutions since a time (TWS filters to the second), paired with their commission reports. */
  async executionsSince(since: Timestamp, accountId: AccountId | undefined): Promise<FillReport[]> {
    const reqId = this.client.nextRequestId();
    const assembler = new FillAssembler((orderId, ref) => this.hooks.book.get(orderId)?.venueClientOrderId ?? (ref === '' ? undefined : (ref as never)), () => this.clock.now());
    const fills: FillReport[] = [];
    const executions = new Set<string>();
    const stop = this.client.on(IN.COMMISSION_REPORT, (f) => {
      // Reports for other executions are kept by the assembler and never matched: harmless within one request.
      const fill = assembler.commission(decodeCommissionReport(f));
      if (fill !== undefined) fills.push(fill);
    });
    try {
      const filter = { clientId: 0, account: accountId ?? '', time: since > 0 ? filterTime(since) : '' };
      const rows = await this.client.collect(encode.reqExecutions(reqId, filter), IN.EXECUTION_DATA, IN.EXECUTION_DATA_END, (f) => Number(f[f[0] === String(IN.EXECUTION_DATA) ? 1 : 2]) === reqId);
      for (const row of rows) {
        const execution = decodeExecution(row, this.client.serverVersion);
        executions.add(execution.execId);
        const fill = assembler.execution(execution);
        if (fill !== undefined) fills.push(fill);
      }
      // Commission reports follow their executions; give the stragglers a moment after the end marker.
      const deadline = Date.now() + 1000;
      while (fills.length < uniqueBases(executions) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      stop();
    }
    return fills;
  }

  private wait(orderId: number, accept: (record: IbOrderRecord) => boolean, send: (written: () => void) => void): Promise<OrderAnswer> {
    return new Promise<OrderAnswer>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      // The timeout runs from the moment the pacer writes the request: time in the queue is not TWS's silence.
      const written = (): void => {
        timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new TmtError('VENUE_TIMEOUT', `no answer from TWS for order ${orderId} within ${this.config.requestTimeoutMs} ms: outcome unknown`));
        }, this.config.requestTimeoutMs);
      };
      const waiter: Waiter = {
        orderId, accept,
        resolve: (answer) => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(answer);
        },
      };
      this.waiters.push(waiter);
      try {
        send(written);
      } catch (error) {
        waiter.resolve({ kind: 'error', code: -1, message: error instanceof Error ? error.message : String(error), engineCode: 'VENUE_UNAVAILABLE' });
      }
    });
  }

  private onRecord(record: IbOrderRecord | undefined): void {
    if (record === undefined) return;
    this.hooks.report(record);
    for (const waiter of [...this.waiters]) if (waiter.orderId === record.orderId && waiter.accept(record)) waiter.resolve({ kind: 'update' });
  }

  private onError(error: { id: number; code: number; message: string }): void {
    if (INFORMATIONAL_CODES.has(error.code)) {
      this.logger.debug({ code: error.code, message: error.message }, 'ibkr: notice');
      return;
    }
    if (error.code === CONNECTIVITY_LOST) {
      this.hooks.connection('reconnecting', `${error.code} ${error.message}`);
      return;
    }
    if (error.code === RESTORED_DATA_LOST || error.code === RESTORED_DATA_MAINTAINED) {
      this.hooks.connection('connected', `${error.code} ${error.message}`);
      if (error.code === RESTORED_DATA_LOST) void this.hooks.resync('1101 connectivity restored, data lost').catch((e: unknown) => this.logger.warn({ err: String(e) }, 'ibkr: resync failed'));
      return;
    }
    const record = this.hooks.book.get(error.id);
    if (record !== undefined) record.lastError = `${error.code} ${error.message}`;
    if (error.code === ORDER_CANCELED) return; // the cancel's confirmation; the status follows
    const engineCode = ORDER_REJECT_CODES[error.code];
    if (engineCode !== undefined) {
      for (const waiter of [...this.waiters]) if (waiter.orderId === error.id) waiter.resolve({ kind: 'error', code: error.code, message: error.message, engineCode });
      return;
    }
    this.logger.warn({ id: error.id, code: error.code, message: error.message }, 'ibkr: TWS error');
  }

  private async reconnect(reason: string): Promise<void> {
    if (this.closed || this.reconnecting) return;
    this.reconnecting = true;
    this.hooks.connection('reconnecting', reason);
    let delay = this.config.reconnectInitialDelayMs;
    while (!this.closed) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.closed) break;
      try {
        await this.client.connect();
        this.hooks.ids.observeNextValidId(this.client.nextValidId);
        this.hooks.connection('connected', 'reconnected');
        await this.hooks.resync('reconnected');
        break;
      } catch (error) {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'ibkr: reconnect failed');
        delay = Math.min(delay * 2, this.config.reconnectMaxDelayMs);
      }
    }
    this.reconnecting = false;
  }
}

function uniqueBases(execIds: Set<string>): number {
  return new Set([...execIds].map((id) => /^(.+)\.\d{2}$/.exec(id)?.[1] ?? id)).size;
}

/** `yyyyMMdd-HH:mm:ss` in UTC, the execution filter's form. */
function filterTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

