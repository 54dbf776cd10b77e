import { ApiError } from './api';
import type { Session } from './session';
import { DashboardState } from './state';
import { LiveStream } from './stream';
import { ViewData, type ViewName } from './view-data';
import { OperatorActions } from './operator-actions';
import { PriceChart } from './views/price-chart';
import type { ReconciliationItemRow } from './views/reconciliation';
import {
  isRecord,
  listOf,
  readAccount,
  readFill,
  readInstrument,
  readOrder,
  readPosition,
  readQuote,
  text,
  type Json,
} from './wire';

export interface TicketInput {
  readonly accountId: string;
  readonly instrumentId: string;
  readonly side: string;
  readonly type: string;
  readonly quantity: string;
  readonly price: string;
  readonly triggerPrice: string;
  readonly timeInForce: string;
}

/** Snapshots are re-read on this period as well as streamed, so a missed event heals by itself. */
const REFRESH_MS = 3000;
const MAX_FILL_PAGES = 5;
const NOTICE_MS = 6000;
/** The chart's candles are re-read this often while it is open, so the building bar moves. */
const CHART_MS = 1000;
/**
 * The event types the page folds (market data excluded): history on load replays these, so a busy
 * market's ticks do not push the last fills and order events out of the replayed window.
 */
const HISTORY_TYPES = [
  'OrderInitialized',
  'OrderSubmitted',
  'OrderAccepted',
  'OrderDenied',
  'OrderRejected',
  'OrderCanceled',
  'OrderExpired',
  'OrderTriggered',
  'OrderPendingCancel',
  'OrderFilled',
  'PositionChanged',
  'PositionClosed',
  'AccountStateChanged',
  'TradingStateChanged',
  'AlertRaised',
  'VenueConnectionChanged',
].join(',');

/** Loads, refreshes and streams into the state; carries out what the trader asks. */
export class Controller {
  readonly state = new DashboardState();
  readonly data: ViewData;
  readonly priceChart = new PriceChart();
  readonly operator: OperatorActions;
  view: ViewName = 'trade';
  private readonly stream: LiveStream;
  private refreshTimer: number | undefined;
  private chartTimer: number | undefined;
  private refreshing = false;
  private fillsAfter = 0;
  /** Unresolved reconciliation items, re-read with every refresh. */
  reconciliation: readonly ReconciliationItemRow[] = [];

  constructor(readonly session: Session) {
    this.data = new ViewData(session.client, session.scope);
    this.operator = new OperatorActions(session.client, this.data, (done, action) => this.act(done, action));
    this.stream = new LiveStream(session.client, {
      onEvent: (event) => {
        this.state.apply(event);
        this.state.changed();
      },
      onState: (connection) => {
        this.state.connection = connection;
        this.state.changed();
      },
      onGap: () => void this.refresh(),
      onRefused: () => {
        this.state.connection = 'offline';
        this.state.notice = { kind: 'error', text: 'the service no longer accepts this token: log in again' };
        this.state.changed();
      },
    });
  }

  async start(): Promise<void> {
    const client = this.session.client;
    const [instruments, prices] = await Promise.all([
      client.get('/api/v1/instruments'),
      client.get('/api/v1/prices'),
    ]);
    this.state.instruments = new Map(
      listOf(instruments, 'instruments')
        .map(readInstrument)
        .map((i) => [i.id, i]),
    );
    this.state.setQuotes(listOf(prices, 'prices').map(readQuote));
    // Recent history first (plots, alerts), then the snapshots over it, then live from where history ended.
    const cursor = await this.replayRecent();
    await this.refresh();
    this.stream.open(cursor);
    this.refreshTimer = window.setInterval(() => void this.refresh(), REFRESH_MS);
    this.chartTimer = window.setInterval(() => {
      if (this.view === 'chart') void this.loadView();
    }, CHART_MS);
  }

  stop(): void {
    this.stream.close();
    window.clearInterval(this.refreshTimer);
    window.clearInterval(this.chartTimer);
    this.priceChart.unmount();
  }

  /** Order, fill, position, account and alert history (not market data), then live from the head. */
  private async replayRecent(): Promise<number | undefined> {
    const body = await this.session.client.get<Json>(`/api/v1/events?limit=1000&types=${HISTORY_TYPES}`);
    let cursor = typeof body.head === 'number' ? body.head : undefined;
    for (const item of listOf(body, 'events')) {
      if (isRecord(item.event)) this.state.apply(item.event);
      if (typeof item.cursor === 'number' && (cursor === undefined || item.cursor > cursor))
        cursor = item.cursor;
    }
    return cursor;
  }

  showView(view: ViewName): void {
    this.view = view;
    if (view === 'chart' && this.data.chart.instrumentId === undefined)
      this.data.chart.instrumentId =
        [...this.state.quotes.keys()].sort()[0] ?? [...this.state.instruments.keys()][0];
    this.state.changed();
    void this.loadView();
  }

  async selectChart(instrumentId: string | undefined, timeframe = this.data.chart.timeframe): Promise<void> {
    this.data.chart.instrumentId = instrumentId;
    this.data.chart.timeframe = timeframe;
    this.state.changed();
    await this.loadView();
  }

  private async loadView(): Promise<void> {
    try {
      await this.data.load(this.view, [...this.state.accounts.keys()]);
    } catch (error) {
      this.state.notice = { kind: 'error', text: `loading the ${this.view} view failed: ${describe(error)}` };
    }
    this.state.changed();
  }

  /** Fills come oldest first: page forward from the newest one already seen. */
  private async loadNewFills(): Promise<void> {
    for (let page = 0, offset = 0; page < MAX_FILL_PAGES; page++) {
      const body = await this.session.client.get<Json>(
        `/api/v1/fills?after=${this.fillsAfter}&limit=1000&offset=${offset}`,
      );
      const rows = listOf(body, 'fills').map(readFill);
      this.state.setFills(rows);
      if (typeof body.nextOffset !== 'number') break;
      offset = body.nextOffset;
    }
    this.fillsAfter = Math.max(this.fillsAfter, ...this.state.fills.map((f) => f.at));
  }

  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    const client = this.session.client;
    try {
      const [accounts, positions, orders, risk, reconciliation] = await Promise.all([
        client.get('/api/v1/accounts'),
        client.get('/api/v1/positions'),
        client.get('/api/v1/orders?open=true&limit=500'),
        client.get('/api/v1/risk'),
        client.get('/api/v1/reconciliation'),
        this.loadNewFills(),
        this.data.loadTrades([...this.state.accounts.keys()]),
      ]);
      this.reconciliation = readReconciliation(reconciliation);
      this.state.setAccounts(listOf(accounts, 'accounts').map(readAccount), Date.now());
      this.state.setPositions(listOf(positions, 'positions').map(readPosition));
      const vanished = this.state.setOpenOrders(listOf(orders, 'orders').map(readOrder));
      const last = this.state.lastTicketOrder;
      // The ticket shows its last order's fate: look it up rather than lose it.
      if (last !== undefined && vanished.includes(last)) {
        this.state.trackOrder(
          readOrder(await client.get<Json>(`/api/v1/orders/${encodeURIComponent(last)}`)),
        );
      }
      this.state.tradingState = globalTradingState(risk) ?? this.state.tradingState;
      if (isRecord(risk) && typeof risk.acceptingIntents === 'boolean')
        this.state.acceptingIntents = risk.acceptingIntents;
      if (this.state.notice?.kind === 'error' && this.state.notice.text.startsWith('refresh'))
        this.state.notice = undefined;
    } catch (error) {
      this.state.notice = { kind: 'error', text: `refresh failed: ${describe(error)}` };
    } finally {
      this.refreshing = false;
      this.state.changed();
    }
    if (this.view !== 'trade') await this.loadView();
  }

  async submitOrder(input: TicketInput): Promise<void> {
    const clientOrderId = `dash-${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const body: Json = {
      clientOrderId,
      accountId: input.accountId,
      instrumentId: input.instrumentId,
      side: input.side,
      type: input.type,
      quantity: input.quantity.trim(),
      timeInForce: input.timeInForce,
    };
    if (input.price.trim() !== '') body.price = input.price.trim();
    if (input.triggerPrice.trim() !== '') body.triggerPrice = input.triggerPrice.trim();
    this.state.lastTicketOrder = clientOrderId;
    await this.act(`order ${clientOrderId} sent`, async () => {
      try {
        this.track(await this.session.client.post<unknown>('/api/v1/orders', body));
      } catch (error) {
        // A risk denial is an answer (422 with the order and the rule it broke), not a transport failure.
        if (error instanceof ApiError && error.status === 422) this.track(error.body);
        throw error;
      }
    });
  }

  private track(outcome: unknown): void {
    if (!isRecord(outcome) || !isRecord(outcome.order)) return;
    const row = readOrder(outcome.order);
    const known = this.state.orders.get(row.clientOrderId);
    // The stream may already have told us more (filled) than the submit's answer (accepted).
    if (known !== undefined && known.status !== 'initialized' && known.status !== 'submitted') return;
    const denied = outcome.status === 'denied';
    this.state.trackOrder(
      denied ? { ...row, status: 'denied', reason: `${text(outcome.code)}: ${text(outcome.message)}` } : row,
    );
  }

  cancelOrder(clientOrderId: string): Promise<void> {
    return this.act(`cancel of ${clientOrderId} sent`, () =>
      this.session.client.delete(`/api/v1/orders/${encodeURIComponent(clientOrderId)}`),
    );
  }

  killSwitch(flatten: boolean): Promise<void> {
    return this.act('kill switch engaged: trading halted', async () => {
      await this.session.client.post('/emergency-stop', { flatten });
      this.state.tradingState = 'HALTED';
    });
  }

  resumeTrading(): Promise<void> {
    return this.act('trading resumed', async () => {
      await this.session.client.post('/api/v1/risk/state', {
        scope: 'global',
        state: 'ACTIVE',
        reason: 'resumed from the dashboard',
      });
      this.state.tradingState = 'ACTIVE';
    });
  }

  /** Admin: TMT adopts the venue's view of one unresolved item. */
  acceptVenueTruth(accountId: string, key: string): Promise<void> {
    return this.act(`venue truth accepted for ${key}`, () =>
      this.session.client.post('/api/v1/reconciliation/accept', { accountId, item: key }),
    );
  }

  dismissNotice(): void {
    this.state.notice = undefined;
    this.state.changed();
  }

  private async act(done: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      const notice = { kind: 'info', text: done } as const;
      this.state.notice = notice;
      // Confirmations fade; errors stay until dismissed.
      window.setTimeout(() => {
        if (this.state.notice === notice) this.dismissNotice();
      }, NOTICE_MS);
    } catch (error) {
      this.state.notice = { kind: 'error', text: describe(error) };
    }
    this.state.changed();
    await this.refresh();
  }
}

function readReconciliation(body: unknown): ReconciliationItemRow[] {
  return listOf(body, 'accounts').flatMap((account) =>
    listOf(account, 'unresolved').map((item) => ({
      accountId: text(account.accountId),
      kind: text(item.kind),
      key: text(item.key),
      description: text(item.description),
    })),
  );
}

function describe(error: unknown): string {
  return error instanceof ApiError ? error.describe() : String(error);
}

/** The global state wherever the risk view puts it: `{tradingState: {global}}`, `{states: {global}}` or `{global: {tradingState}}`. */
function globalTradingState(risk: unknown): string | undefined {
  if (!isRecord(risk)) return undefined;
  for (const holder of [risk.tradingState, risk.tradingStates, risk.states, risk.state]) {
    if (typeof holder === 'string') return holder;
    if (isRecord(holder) && typeof holder.global === 'string') return holder.global;
  }
  if (isRecord(risk.global) && typeof risk.global.tradingState === 'string') return risk.global.tradingState;
  return undefined;
}
