import { CANDLE_TIMEFRAMES, type CandleTimeframe } from '../../../core/market/candles';
import { ApiError, type ApiClient } from './api';
import { isAdmin, type Scope } from './session';
import { isRecord, listOf, text, type Json } from './wire';

/** The dashboard's pages: trading, the price chart, and the views over what the API already serves. */
export const VIEWS = ['trade', 'chart', 'performance', 'risk', 'operations', 'agents', 'algos'] as const;
export type ViewName = (typeof VIEWS)[number];

const MAX_AUDIT_PAGES = 5;
const AUDIT_ROWS = 200;

export const TIMEFRAMES = Object.keys(CANDLE_TIMEFRAMES) as CandleTimeframe[];

export interface CandleRow {
  readonly openTime: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
}

export interface ChartSelection {
  instrumentId: string | undefined;
  timeframe: CandleTimeframe;
}

/**
 * What the non-trading views show, loaded when a view opens and on each refresh while it is open (the
 * trading page's data is streamed; these are snapshots the API serves).
 */
export class ViewData {
  closedPositions: Json[] = [];
  performance = new Map<string, Json>();
  risk: Json | undefined;
  reconciliation: Json[] = [];
  deadLetters: Json[] = [];
  /** Undefined for a token that may not read the audit log (admin only). */
  audit: Json[] | undefined;
  candles: CandleRow[] = [];
  agents: Json[] = [];
  /** Newest first, each with its trace: every stage's decision and reason. */
  signals: Json[] = [];
  breakers: Json[] = [];
  /** Algorithm parents with their schedule and children; empty when the service runs no algo engine. */
  algoParents: Json[] = [];
  /** Open trades at venues that keep trades (OANDA), per account, with their SL/TP/trailing stop. */
  trades = new Map<string, Json[]>();
  /** Accounts whose venue keeps no trades: asked once, not again. */
  private readonly noTrades = new Set<string>();
  /** Undefined when the service runs without the orchestrator (its routes answer 404). */
  intakeOpen: boolean | undefined;
  /** The candle request the rows answer, so a late answer for another instrument is not drawn. */
  candlesFor = '';
  readonly chart: ChartSelection = { instrumentId: undefined, timeframe: '1m' };

  constructor(
    private readonly client: ApiClient,
    private readonly scope: Scope,
  ) {}

  async load(view: ViewName, accountIds: readonly string[]): Promise<void> {
    switch (view) {
      case 'trade':
        return;
      case 'chart':
        return this.loadCandles();
      case 'performance':
        return this.loadPerformance(accountIds);
      case 'risk':
        this.risk = await this.client.get<Json>('/api/v1/risk');
        return;
      case 'operations':
        return this.loadOperations();
      case 'agents':
        return this.loadAgents();
      case 'algos':
        return this.loadAlgos();
    }
  }

  private async loadCandles(): Promise<void> {
    const { instrumentId, timeframe } = this.chart;
    if (instrumentId === undefined) return;
    const key = `${instrumentId}|${timeframe}`;
    const body = await this.client.get<Json>(
      `/api/v1/candles?instrumentId=${encodeURIComponent(instrumentId)}&timeframe=${timeframe}&limit=500`,
    );
    if (`${this.chart.instrumentId ?? ''}|${this.chart.timeframe}` !== key) return;
    this.candles = listOf(body, 'candles').map((c) => ({
      openTime: typeof c.openTime === 'number' ? c.openTime : 0,
      open: text(c.open),
      high: text(c.high),
      low: text(c.low),
      close: text(c.close),
    }));
    this.candlesFor = key;
  }

  private async loadPerformance(accountIds: readonly string[]): Promise<void> {
    const [history, ...performances] = await Promise.all([
      this.client.get<Json>('/api/v1/positions/history'),
      ...accountIds.map((id) =>
        this.client.get<Json>(`/api/v1/accounts/${encodeURIComponent(id)}/performance`),
      ),
    ]);
    this.closedPositions = listOf(history, 'positions');
    this.performance = new Map(performances.filter(isRecord).map((p) => [text(p.accountId), p] as const));
  }

  /** Accounts answering OMS_MODIFY_NOT_SUPPORTED keep no trades (spot, paper): they are not asked again. */
  async loadTrades(accountIds: readonly string[]): Promise<void> {
    const asked = accountIds.filter((id) => !this.noTrades.has(id));
    const answers = await Promise.all(
      asked.map(async (id) => {
        try {
          return [
            id,
            await this.client.get<Json>(`/api/v1/accounts/${encodeURIComponent(id)}/trades`),
          ] as const;
        } catch (error) {
          if (error instanceof ApiError && error.code === 'OMS_MODIFY_NOT_SUPPORTED') this.noTrades.add(id);
          else throw error;
          return [id, undefined] as const;
        }
      }),
    );
    const trades = new Map<string, Json[]>();
    for (const [id, body] of answers) if (body !== undefined) trades.set(id, listOf(body, 'trades'));
    this.trades = trades;
  }

  private async loadAgents(): Promise<void> {
    const [agents, signals, breakers] = await Promise.all([
      this.client.get<Json>('/api/v1/agents'),
      this.client.get<Json>('/api/v1/signals?limit=50'),
      this.client.get<Json>('/api/v1/breakers'),
    ]);
    this.agents = listOf(agents, 'agents');
    this.signals = listOf(signals, 'signals');
    this.breakers = listOf(breakers, 'breakers');
    this.intakeOpen = typeof breakers.intakeOpen === 'boolean' ? breakers.intakeOpen : undefined;
  }

  private async loadAlgos(): Promise<void> {
    try {
      this.algoParents = listOf(await this.client.get<Json>('/api/v1/algo-orders'), 'parents');
    } catch (error) {
      // Without an algo engine the route does not exist: the view shows none, not an error.
      if (error instanceof ApiError && error.status === 404) this.algoParents = [];
      else throw error;
    }
  }

  private async loadOperations(): Promise<void> {
    const [reconciliation, deadLetters] = await Promise.all([
      this.client.get<Json>('/api/v1/reconciliation'),
      this.client.get<Json>('/api/v1/dead-letters'),
      isAdmin(this.scope) ? this.loadNewAudit() : Promise.resolve(),
    ]);
    this.reconciliation = listOf(reconciliation, 'accounts');
    this.deadLetters = listOf(deadLetters, 'deadLetters');
  }

  /** The log is read oldest first after a sequence: page forward from the newest entry already seen. */
  private async loadNewAudit(): Promise<void> {
    const seen = this.audit ?? [];
    let after = typeof seen[0]?.sequence === 'number' ? seen[0].sequence : 0;
    const fresh: Json[] = [];
    for (let page = 0; page < MAX_AUDIT_PAGES; page++) {
      const rows = listOf(await this.client.get<Json>(`/api/v1/audit?after=${after}&limit=1000`), 'entries');
      fresh.push(...rows);
      const last = rows.at(-1)?.sequence;
      if (rows.length < 1000 || typeof last !== 'number') break;
      after = last;
    }
    // Newest first: an operator reads the audit log from what just happened.
    this.audit = [...fresh.reverse(), ...seen].slice(0, AUDIT_ROWS);
  }
}
