import type {
  Signal,
  SignalFillView,
  SignalListFilter,
  SignalOutcome,
  SignalRecordView,
  SignalSource,
  SignalTraceEntry,
} from '../../core';

/** Where signal records are kept beyond memory (data collection): see sqlite-signal-journal.ts. */
export interface SignalJournal {
  /** Upserts the record's latest state (and the fingerprint its idempotency check needs); after every change. */
  save(record: SignalRecordView, fingerprint: string): void;
  loadRecent(limit: number): readonly { readonly view: SignalRecordView; readonly fingerprint: string }[];
  close(): void;
}

interface MutableRecord {
  signal: Signal;
  source: SignalSource;
  fingerprint: string;
  trace: SignalTraceEntry[];
  orders: string[];
  fills: SignalFillView[];
  outcome: SignalOutcome;
}

const DEFAULT_CAPACITY = 100_000;

/**
 * Every signal TMT took, with its trace, orders, fills and outcome, keyed by client signal id (the
 * idempotency key). Memory holds the most recent `capacity`; the journal, when given, holds them all.
 */
export class SignalBook {
  private readonly records = new Map<string, MutableRecord>();

  constructor(
    private readonly journal?: SignalJournal,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {
    for (const { view, fingerprint } of journal?.loadRecent(capacity) ?? []) {
      this.records.set(view.signal.signalId, {
        ...view,
        fingerprint,
        trace: [...view.trace],
        orders: [...view.orders],
        fills: [...view.fills],
      });
    }
  }

  has(signalId: string): boolean {
    return this.records.has(signalId);
  }

  fingerprint(signalId: string): string | undefined {
    return this.records.get(signalId)?.fingerprint;
  }

  create(signal: Signal, source: SignalSource, fingerprint: string): void {
    this.records.set(signal.signalId, {
      signal,
      source,
      fingerprint,
      trace: [],
      orders: [],
      fills: [],
      outcome: { state: 'pending' },
    });
    if (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value as string);
    this.persist(signal.signalId);
  }

  addTrace(signalId: string, entry: SignalTraceEntry): void {
    this.records.get(signalId)?.trace.push(entry);
    this.persist(signalId);
  }

  addOrder(signalId: string, clientOrderId: string): void {
    this.records.get(signalId)?.orders.push(clientOrderId);
    this.persist(signalId);
  }

  addFill(signalId: string, fill: SignalFillView): void {
    this.records.get(signalId)?.fills.push(fill);
    this.persist(signalId);
  }

  setOutcome(signalId: string, outcome: SignalOutcome): void {
    const record = this.records.get(signalId);
    if (record === undefined) return;
    record.outcome = outcome;
    this.persist(signalId);
  }

  outcome(signalId: string): SignalOutcome | undefined {
    return this.records.get(signalId)?.outcome;
  }

  view(signalId: string): SignalRecordView | undefined {
    const record = this.records.get(signalId);
    return record === undefined ? undefined : toView(record);
  }

  /** Newest first. */
  list(filter: SignalListFilter): readonly SignalRecordView[] {
    const limit = filter.limit ?? 100;
    const out: SignalRecordView[] = [];
    const all = [...this.records.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const record = all[i] as MutableRecord;
      if (filter.agentId !== undefined && record.signal.agentId !== filter.agentId) continue;
      if (filter.instrumentId !== undefined && record.signal.instrumentId !== filter.instrumentId) continue;
      if (filter.outcome !== undefined && record.outcome.state !== filter.outcome) continue;
      out.push(toView(record));
    }
    return out;
  }

  private persist(signalId: string): void {
    if (this.journal === undefined) return;
    const record = this.records.get(signalId);
    if (record !== undefined) this.journal.save(toView(record), record.fingerprint);
  }
}

function toView(record: MutableRecord): SignalRecordView {
  return {
    signal: record.signal,
    source: record.source,
    trace: [...record.trace],
    orders: [...record.orders],
    fills: [...record.fills],
    outcome: record.outcome,
  };
}
