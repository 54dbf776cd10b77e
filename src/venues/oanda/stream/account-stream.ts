import type { Clock } from '../../../core/clock';
import type { AccountId } from '../../../core/identifiers';
import type { VenueReport } from '../../../core/reports';
import type { Logger } from '../../../shared/logger';
import type { OandaCredentials } from '../credentials';
import type { OandaRestClient } from '../http/rest-client';
import type { KnownOrders } from '../parse/known-orders';
import { mapTransaction } from '../parse/transactions';
import { readWire, TransactionWire } from '../parse/wire';
import type { VenueConnectionState } from '../../../core/events';
import { ChunkedStream } from './chunked-stream';
import { TransactionSequencer } from './transaction-sequencer';

export interface AccountStreamOptions {
  readonly accountId: AccountId;
  readonly currency: string;
  readonly lastTransactionId: string;
  readonly streamOrigin: string;
  readonly credentials: OandaCredentials;
  readonly rest: OandaRestClient;
  readonly orders: KnownOrders;
  readonly logger: Logger;
  readonly silenceMs: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly now: () => number;
  /** The adapter's clock: the stream's silence and reconnect delays are judged on it. */
  readonly clock?: Clock;
  readonly emit: (report: VenueReport) => void;
  readonly onState: (state: VenueConnectionState, reason?: string) => void;
  /** Orders a transaction named that the adapter has not seen: fetched over REST and reported. */
  readonly lookupOrders: (accountId: AccountId, orderIds: readonly string[]) => void;
}

/**
 * One account's transaction stream: every transaction applied once, in id order, whether it came on the
 * stream, in a REST answer, or from the catch-up after a reconnect.
 */
export class AccountStream {
  readonly sequencer: TransactionSequencer<TransactionWire>;
  private readonly stream: ChunkedStream;
  unrecognizedLines = 0;

  constructor(private readonly options: AccountStreamOptions) {
    const { accountId } = options;
    this.sequencer = new TransactionSequencer<TransactionWire>(
      options.lastTransactionId,
      (id) => this.fetchSince(id),
      (transaction) => this.apply(transaction),
      (error) => {
        options.logger.warn({ err: error, accountId }, 'oanda transaction catch-up failed');
        options.emit({ kind: 'gap', accountId, reason: 'transaction catch-up failed; reconcile the account' });
      },
    );
    this.stream = new ChunkedStream({
      name: `transactions ${accountId}`,
      url: () => `${options.streamOrigin}/v3/accounts/${encodeURIComponent(accountId)}/transactions/stream`,
      credentials: options.credentials,
      silenceMs: options.silenceMs,
      initialDelayMs: options.initialDelayMs,
      maxDelayMs: options.maxDelayMs,
      logger: options.logger,
      onLine: (line) => this.onLine(line),
      onState: options.onState,
      onConnected: () => this.sequencer.catchUp(),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  }

  start(): void {
    this.stream.start();
  }

  stop(): Promise<void> {
    return this.stream.stop();
  }

  /** The venue answered a request: a reconnect waiting out its delay tries now. */
  wake(): void {
    this.stream.wake();
  }

  get reconnects(): number {
    return this.stream.reconnects;
  }

  /** Transactions from a REST answer (order create, cancel...): applied through the same sequencer. */
  offerFromResponse(body: Record<string, unknown>): void {
    for (const value of Object.values(body)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const parsed = TransactionWire.safeParse(value);
      if (parsed.success) this.sequencer.offer(parsed.data);
    }
  }

  private onLine(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.unrecognized(line, 'not JSON');
      return;
    }
    const type = (value as { type?: unknown }).type;
    if (type === 'HEARTBEAT') {
      const last = (value as { lastTransactionID?: unknown }).lastTransactionID;
      if (typeof last === 'string' && /^\d+$/.test(last)) this.sequencer.offerHeartbeat(last);
      return;
    }
    const parsed = TransactionWire.safeParse(value);
    if (!parsed.success) {
      this.unrecognized(line, 'a transaction without id, time or type');
      return;
    }
    this.sequencer.offer(parsed.data);
  }

  private unrecognized(line: string, description: string): void {
    this.unrecognizedLines++;
    this.options.emit({ kind: 'unrecognized', description: `OANDA transaction stream: ${description}`, raw: line.slice(0, 2000) });
  }

  private async fetchSince(id: string): Promise<TransactionWire[]> {
    const response = await this.options.rest.getTransactionsSinceId(this.options.accountId, id);
    if (response.status !== 200) throw new Error(`transactions/sinceid answered ${response.status}`);
    const list = (response.body as { transactions?: unknown }).transactions;
    if (!Array.isArray(list)) throw new Error('transactions/sinceid: transactions must be an array');
    return list.map((item) => readWire(TransactionWire, item, 'Transaction') as TransactionWire);
  }

  private apply(transaction: TransactionWire): void {
    const { accountId, currency, orders } = this.options;
    let mapped;
    try {
      mapped = mapTransaction(transaction, { accountId, currency, orders, now: this.options.now() });
    } catch (error) {
      this.options.emit({ kind: 'unrecognized', description: `OANDA ${transaction.type}: ${String(error)}`, raw: JSON.stringify(transaction) });
      return;
    }
    for (const report of mapped.reports) this.options.emit(report);
    if (mapped.unknownOrderIds.length > 0) this.options.lookupOrders(accountId, mapped.unknownOrderIds);
  }
}
