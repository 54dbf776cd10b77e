import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import {
  Decimal,
  InstrumentId,
  type Clock,
  type EngineEvent,
  type MessageBus,
  type QuoteTick,
} from '../../core';
import type { TradingEngine } from '../../engine/trading-engine';

const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
const SLIPPAGE_BUCKETS = [-50, -20, -10, -5, -2, -1, -0.5, 0, 0.5, 1, 2, 5, 10, 20, 50];
const MAX_TRACKED_ORDERS = 50_000;
const STATE_VALUE = { ACTIVE: 0, REDUCING: 1, HALTED: 2 } as const;

interface OrderTrack {
  venue: string;
  submittedAt?: bigint;
  acceptedAt?: bigint;
  filledSeen: boolean;
  arrivalMid?: Decimal;
}

/**
 * Prometheus metrics fed from the bus. Latencies are measured with the clock's monotonic nanoseconds when
 * the events are seen (the bus is synchronous, so that is when they happened in this process).
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly submitToAck: Histogram<'venue'>;
  private readonly ackToFill: Histogram<'venue'>;
  private readonly orders: Counter<'venue' | 'outcome'>;
  private readonly rejections: Counter<'venue' | 'code'>;
  private readonly slippage: Histogram<'venue'>;
  private readonly reconnects: Counter<'venue'>;
  private readonly rateLimitWaits: Counter<'venue'>;
  private readonly rateLimitQueued: Counter<'venue'>;
  private readonly rateLimitQueuedSeconds: Counter<'venue'>;
  private readonly connectionState: Gauge<'venue' | 'account'>;
  private readonly accepted = new Map<string, number>();
  private readonly filled = new Map<string, number>();
  private readonly tracks = new Map<string, OrderTrack>();
  private readonly mids = new Map<string, Decimal>();
  private readonly everConnected = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: MessageBus,
    engine: TradingEngine,
    private readonly clock: Clock,
    options: { defaultMetrics?: boolean } = {},
  ) {
    const registers = [this.registry];
    if (options.defaultMetrics ?? true)
      // prom-client's default names already start with process_/nodejs_: the prefix is the namespace only.
      collectDefaultMetrics({ register: this.registry, prefix: 'tmt_' });
    this.submitToAck = new Histogram({
      name: 'tmt_order_submit_to_ack_seconds',
      help: 'Order sent to venue until accepted',
      labelNames: ['venue'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ackToFill = new Histogram({
      name: 'tmt_order_ack_to_fill_seconds',
      help: 'Order accepted until first fill',
      labelNames: ['venue'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.orders = new Counter({
      name: 'tmt_orders_total',
      help: 'Orders by outcome',
      labelNames: ['venue', 'outcome'],
      registers,
    });
    this.rejections = new Counter({
      name: 'tmt_order_rejections_total',
      help: 'Denials and rejections by code',
      labelNames: ['venue', 'code'],
      registers,
    });
    this.slippage = new Histogram({
      name: 'tmt_fill_slippage_bps',
      help: 'Fill price against the mid when the order arrived, in basis points (positive is worse)',
      labelNames: ['venue'],
      buckets: SLIPPAGE_BUCKETS,
      registers,
    });
    this.reconnects = new Counter({
      name: 'tmt_venue_reconnects_total',
      help: 'Venue reconnections',
      labelNames: ['venue'],
      registers,
    });
    this.rateLimitWaits = new Counter({
      name: 'tmt_venue_rate_limit_waits_total',
      help: 'Venue requests refused or delayed by the venue rate limit (429/418 answers)',
      labelNames: ['venue'],
      registers,
    });
    this.rateLimitQueued = new Counter({
      name: 'tmt_venue_rate_limit_queued_total',
      help: 'Venue requests the adapter held back to stay within the venue rate limit',
      labelNames: ['venue'],
      registers,
    });
    this.rateLimitQueuedSeconds = new Counter({
      name: 'tmt_venue_rate_limit_queued_seconds_total',
      help: 'Time venue requests spent held back by the adapter rate limiter',
      labelNames: ['venue'],
      registers,
    });
    this.connectionState = new Gauge({
      name: 'tmt_venue_connected',
      help: '1 when the venue connection is up',
      labelNames: ['venue', 'account'],
      registers,
      // Read from the engine at scrape time too: a connection made before this registry existed still shows.
      collect() {
        for (const c of engine.venueConnections())
          this.set({ venue: c.venue, account: c.accountId ?? '' }, c.state === 'connected' ? 1 : 0);
      },
    });
    // Gauges read at scrape time.
    const accepted = this.accepted;
    const filled = this.filled;
    new Gauge({
      name: 'tmt_fill_ratio',
      help: 'Orders with a fill over orders accepted',
      labelNames: ['venue'],
      registers,
      collect() {
        for (const [venue, count] of accepted)
          this.set({ venue }, count === 0 ? 0 : (filled.get(venue) ?? 0) / count);
      },
    });
    new Gauge({
      name: 'tmt_trading_state',
      help: '0 ACTIVE, 1 REDUCING, 2 HALTED',
      labelNames: ['scope'],
      registers,
      collect() {
        this.set({ scope: 'global' }, STATE_VALUE[engine.tradingState('global')]);
        for (const account of engine.accounts())
          this.set({ scope: account.accountId }, STATE_VALUE[engine.tradingState(account.accountId)]);
      },
    });
    new Gauge({
      name: 'tmt_dead_letters',
      help: 'Unresolved dead letters',
      registers,
      async collect() {
        this.set((await engine.deadLetters()).length);
      },
    });
    new Gauge({
      name: 'tmt_reconciliation_unresolved',
      help: 'Unresolved reconciliation items (drift)',
      labelNames: ['account'],
      registers,
      collect() {
        for (const account of engine.reconciliation().accounts)
          this.set({ account: account.accountId }, account.unresolved.length);
      },
    });
    new Gauge({
      name: 'tmt_accepting_intents',
      help: '1 when the engine takes new intents',
      registers,
      collect() {
        this.set(engine.isAcceptingIntents() ? 1 : 0);
      },
    });
    this.unsubscribe = bus.subscribe('*', (event) => this.observe(event));
  }

  recordRateLimitWait(venue: string): void {
    this.rateLimitWaits.inc({ venue });
  }

  recordRateLimitQueued(venue: string, queuedMs: number): void {
    this.rateLimitQueued.inc({ venue });
    this.rateLimitQueuedSeconds.inc({ venue }, queuedMs / 1000);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  close(): void {
    this.unsubscribe();
    this.registry.clear();
  }

  private track(id: string, instrumentId: string): OrderTrack {
    let track = this.tracks.get(id);
    if (track === undefined) {
      track = { venue: InstrumentId.venue(instrumentId as InstrumentId), filledSeen: false };
      this.tracks.set(id, track);
      // Filled orders are not removed on their last fill (a fill does not say it is the last): bound the map.
      if (this.tracks.size > MAX_TRACKED_ORDERS)
        this.tracks.delete(this.tracks.keys().next().value as string);
    }
    return track;
  }

  private observe(event: EngineEvent): void {
    switch (event.type) {
      case 'QuoteTick':
        this.mids.set(event.instrumentId, mid(event));
        return;
      case 'OrderInitialized': {
        const track = this.track(event.clientOrderId, event.instrumentId);
        const arrival = this.mids.get(event.instrumentId);
        if (arrival !== undefined) track.arrivalMid = arrival;
        return;
      }
      case 'OrderSubmitted':
        this.track(event.clientOrderId, event.instrumentId).submittedAt = this.clock.monotonicNanos();
        this.count(event.instrumentId, 'submitted');
        return;
      case 'OrderAccepted': {
        const track = this.track(event.clientOrderId, event.instrumentId);
        track.acceptedAt = this.clock.monotonicNanos();
        if (track.submittedAt !== undefined)
          this.submitToAck.observe(
            { venue: track.venue },
            Number(track.acceptedAt - track.submittedAt) / 1e9,
          );
        this.accepted.set(track.venue, (this.accepted.get(track.venue) ?? 0) + 1);
        this.count(event.instrumentId, 'accepted');
        return;
      }
      case 'OrderFilled':
        this.onFill(event);
        return;
      case 'OrderDenied':
      case 'OrderRejected':
        this.count(event.instrumentId, event.type === 'OrderDenied' ? 'denied' : 'rejected');
        this.rejections.inc({ venue: InstrumentId.venue(event.instrumentId), code: event.code });
        this.tracks.delete(event.clientOrderId);
        return;
      case 'OrderCanceled':
      case 'OrderExpired':
        this.count(event.instrumentId, event.type === 'OrderCanceled' ? 'canceled' : 'expired');
        this.tracks.delete(event.clientOrderId);
        return;
      case 'VenueConnectionChanged': {
        const key = `${event.venue}:${event.accountId ?? ''}`;
        const up = event.state === 'connected';
        this.connectionState.set({ venue: event.venue, account: event.accountId ?? '' }, up ? 1 : 0);
        if (up && this.everConnected.has(key)) this.reconnects.inc({ venue: event.venue });
        if (up) this.everConnected.add(key);
        return;
      }
      default:
        return;
    }
  }

  private onFill(event: Extract<EngineEvent, { type: 'OrderFilled' }>): void {
    const track = this.track(event.clientOrderId, event.instrumentId);
    if (!track.filledSeen) {
      track.filledSeen = true;
      this.filled.set(track.venue, (this.filled.get(track.venue) ?? 0) + 1);
      if (track.acceptedAt !== undefined)
        this.ackToFill.observe(
          { venue: track.venue },
          Number(this.clock.monotonicNanos() - track.acceptedAt) / 1e9,
        );
      this.count(event.instrumentId, 'filled');
    }
    if (track.arrivalMid !== undefined && track.arrivalMid.isPositive()) {
      // Metrics only: an approximate number is fine here, it never flows back into money.
      const bps =
        event.lastPrice.sub(track.arrivalMid).div(track.arrivalMid, 10, 'half-even').toApproximateNumber() *
        10_000;
      this.slippage.observe({ venue: track.venue }, event.side === 'buy' ? bps : -bps);
    }
  }

  private count(instrumentId: string, outcome: string): void {
    this.orders.inc({ venue: InstrumentId.venue(instrumentId as InstrumentId), outcome });
  }
}

function mid(quote: QuoteTick): Decimal {
  return quote.bid
    .add(quote.ask)
    .div(Decimal.fromInteger(2), Math.max(quote.bid.scale, quote.ask.scale) + 1, 'half-even');
}
