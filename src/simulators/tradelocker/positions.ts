import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { MatchingEngine, SimFill, SimOrderRequest, SimPosition } from '../matching';
import { refusal, TL_ERRORS, type TlError } from './errors';
import { engineInstrumentId, lotsToUnits, specByName, type TlInstrumentSpec } from './instruments';
import type { SavedTlState, TlAccountOptions, TlOrderRecord, TlPositionRecord, TlProtection } from './state';

/** What positions need of the venue (venue.ts implements it). */
export interface PositionsHost {
  readonly engine: MatchingEngine;
  readonly accounts: ReadonlyMap<string, TlAccountOptions>;
  now(): number;
  sessionOpen(spec: TlInstrumentSpec): boolean;
  submit(accountId: string, request: Omit<SimOrderRequest, 'accountId' | 'clientOrderId'>, record: Omit<TlOrderRecord, 'orderId' | 'accountId' | 'createdDate' | 'lastModified'>): { orderId: string } | TlError;
  changed(): void;
}

const OPEN = new Set(['pending', 'accepted', 'triggered', 'partially-filled']);

/**
 * TradeLocker positions over the engine's legs: an id per open leg, its SL and TP orders (reduce-only, sized to
 * the position, one canceled when the other closes it), partial and full closes by position id. Work caused
 * by an engine event runs after the engine call returns (`drain`), never inside the engine's step.
 */
export class Positions {
  readonly records = new Map<string, TlPositionRecord>();
  private nextPositionId: number;
  private readonly expected = new Map<string, TlOrderRecord>();
  private readonly deferred: (() => void)[] = [];
  private draining = false;

  constructor(
    private readonly venue: PositionsHost,
    restored: SavedTlState | undefined,
  ) {
    for (const record of restored?.positions ?? []) this.records.set(record.id, { ...record });
    this.nextPositionId = restored?.nextPositionId ?? 700_000_001;
  }

  expect(clientOrderId: string, record: TlOrderRecord): void {
    this.expected.set(clientOrderId, record);
  }

  claim(clientOrderId: string): TlOrderRecord | undefined {
    const record = this.expected.get(clientOrderId);
    this.expected.delete(clientOrderId);
    return record;
  }

  afterFill(order: TlOrderRecord, fill: SimFill): void {
    this.deferred.push(() => this.settleFill(order, fill));
  }

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let work = this.deferred.shift(); work !== undefined; work = this.deferred.shift()) work();
    } finally {
      this.draining = false;
    }
  }

  /** The position a record names, if it is the account's and still open. */
  find(accountId: string, positionId: string): TlPositionRecord | undefined {
    const record = this.records.get(positionId);
    return record === undefined || record.accountId !== accountId ? undefined : record;
  }

  leg(record: TlPositionRecord): SimPosition | undefined {
    const spec = specByName(record.instrument) as TlInstrumentSpec;
    return this.venue.engine.positions(AccountId.parse(record.accountId)).find((p) => p.instrumentId === engineInstrumentId(spec) && p.leg === record.leg && !p.signedQuantity.isZero());
  }

  /** DELETE /trade/positions/{id}: a market order against the position, all of it or `lots` of it. */
  close(accountId: string, positionId: string, lots: Decimal | undefined): TlError | undefined {
    const record = this.find(accountId, positionId);
    const leg = record === undefined ? undefined : this.leg(record);
    if (record === undefined || leg === undefined) return TL_ERRORS.positionNotFound;
    const spec = specByName(record.instrument) as TlInstrumentSpec;
    if (!this.venue.sessionOpen(spec)) return refusal('Market is closed');
    const size = leg.signedQuantity.abs();
    const units = lots === undefined || lots.isZero() ? size : lotsToUnits(spec, lots);
    if (units.gt(size)) return refusal('Invalid quantity: more than the position size');
    if (!units.isMultipleOf(lotsToUnits(spec, Decimal.parse(spec.lotStep)))) return refusal('Invalid quantity: not a multiple of the lot step');
    const result = this.venue.submit(accountId, {
      instrumentId: engineInstrumentId(spec), side: leg.signedQuantity.isPositive() ? 'sell' : 'buy', type: 'market',
      quantity: Quantity.of(units), timeInForce: 'IOC', reduceOnly: true,
    }, { instrument: spec.name, routeId: String(spec.tradeRouteId), type: 'market', validity: 'IOC', role: 'close', positionId });
    return 'status' in result ? result : undefined;
  }

  /** PATCH /trade/positions/{id}: sets, moves or removes (null) the position's SL and TP; the SL may trail. */
  modify(accountId: string, positionId: string, changes: { stopLoss?: Decimal | null; takeProfit?: Decimal | null; stopLossType?: 'absolute' | 'trailingOffset' }): TlError | undefined {
    const record = this.find(accountId, positionId);
    const leg = record === undefined ? undefined : this.leg(record);
    if (record === undefined || leg === undefined) return TL_ERRORS.positionNotFound;
    for (const role of ['stop-loss', 'take-profit'] as const) {
      const value = role === 'stop-loss' ? changes.stopLoss : changes.takeProfit;
      if (value === undefined) continue;
      const type = role === 'stop-loss' ? changes.stopLossType ?? 'absolute' : 'absolute';
      const problem = value === null ? this.removeProtection(record, role) : this.protect(record, leg, role, { value: value.toString(), type }, Decimal.ZERO);
      if (problem !== undefined) return problem;
    }
    this.venue.changed();
    return undefined;
  }

  private settleFill(order: TlOrderRecord, fill: SimFill): void {
    const spec = specByName(order.instrument) as TlInstrumentSpec;
    const legName: TlPositionRecord['leg'] = this.venue.engine.accountType(fill.accountId) === 'margin' && this.isNetting(order.accountId) ? 'net' : order.role === 'entry' ? (fill.side === 'buy' ? 'long' : 'short') : fill.side === 'buy' ? 'short' : 'long';
    const before = this.recordFor(order.accountId, spec, legName);
    this.sync(order.accountId, spec);
    const after = this.recordFor(order.accountId, spec, legName);
    const position = after ?? before;
    if (order.role === 'entry' && position !== undefined) {
      order.positionId = position.id;
      if (position.strategyId === undefined && order.strategyId !== undefined) position.strategyId = order.strategyId;
      const leg = after === undefined ? undefined : this.leg(after);
      if (after !== undefined && leg !== undefined) {
        if (order.stopLoss !== undefined) this.protect(after, leg, 'stop-loss', order.stopLoss, fill.price);
        if (order.takeProfit !== undefined) this.protect(after, leg, 'take-profit', order.takeProfit, fill.price);
      }
    }
    this.venue.changed();
  }

  private isNetting(accountId: string): boolean {
    return this.venue.accounts.get(accountId)?.profile === 'us';
  }

  private recordFor(accountId: string, spec: TlInstrumentSpec, leg: TlPositionRecord['leg']): TlPositionRecord | undefined {
    for (const record of this.records.values()) if (record.accountId === accountId && record.instrument === spec.name && record.leg === leg) return record;
    return undefined;
  }

  /** Positions follow the engine's legs: new legs get ids, closed ones lose their protection, SL/TP follow the size. */
  private sync(accountId: string, spec: TlInstrumentSpec): void {
    const legs = this.venue.engine.positions(AccountId.parse(accountId)).filter((p) => p.instrumentId === engineInstrumentId(spec) && !p.signedQuantity.isZero());
    for (const leg of legs) {
      if (this.recordFor(accountId, spec, leg.leg) === undefined) {
        const id = String(this.nextPositionId++);
        this.records.set(id, { id, accountId, instrument: spec.name, leg: leg.leg, openDate: this.venue.now() });
      }
    }
    for (const record of [...this.records.values()]) {
      if (record.accountId !== accountId || record.instrument !== spec.name) continue;
      const leg = legs.find((l) => l.leg === record.leg);
      if (leg === undefined) {
        this.removeProtection(record, 'stop-loss');
        this.removeProtection(record, 'take-profit');
        this.records.delete(record.id);
        continue;
      }
      for (const id of [record.stopLossId, record.takeProfitId]) {
        const open = id === undefined ? undefined : this.venue.engine.order({ orderId: id });
        if (open !== undefined && OPEN.has(open.status) && !open.quantity.sub(open.filledQuantity).eq(leg.signedQuantity.abs())) {
          this.venue.engine.modify({ orderId: open.orderId }, { quantity: Quantity.of(open.filledQuantity.add(leg.signedQuantity.abs())) });
        }
      }
    }
  }

  /** Places (or replaces) the position's SL or TP; `reference` turns an offset into a price. */
  private protect(record: TlPositionRecord, leg: SimPosition, role: 'stop-loss' | 'take-profit', protection: TlProtection, reference: Decimal): TlError | undefined {
    const spec = specByName(record.instrument) as TlInstrumentSpec;
    const long = leg.signedQuantity.isPositive();
    const value = Decimal.parse(protection.value);
    const away = (sign: 1 | -1) => reference.add(sign === 1 ? value : value.neg());
    const price = protection.type === 'offset' ? away(role === 'stop-loss' ? (long ? -1 : 1) : long ? 1 : -1) : value;
    const request: Omit<SimOrderRequest, 'accountId' | 'clientOrderId'> = {
      instrumentId: engineInstrumentId(spec), side: long ? 'sell' : 'buy', quantity: Quantity.of(leg.signedQuantity.abs()), timeInForce: 'GTC', reduceOnly: true,
      ...(role === 'take-profit'
        ? { type: 'limit' as const, price: Price.of(price) }
        : protection.type === 'trailingOffset'
          ? { type: 'trailing-stop' as const, trailingOffset: { kind: 'price' as const, value } }
          : { type: 'stop-market' as const, triggerPrice: Price.of(price) }),
    };
    this.removeProtection(record, role);
    const placed = this.venue.submit(record.accountId, request, {
      instrument: spec.name, routeId: String(spec.tradeRouteId), type: role === 'take-profit' ? 'limit' : 'stop', validity: 'GTC', role, positionId: record.id,
    });
    if ('status' in placed) return placed;
    if (role === 'stop-loss') record.stopLossId = placed.orderId;
    else record.takeProfitId = placed.orderId;
    return undefined;
  }

  private removeProtection(record: TlPositionRecord, role: 'stop-loss' | 'take-profit'): undefined {
    const id = role === 'stop-loss' ? record.stopLossId : record.takeProfitId;
    if (id !== undefined) {
      const open = this.venue.engine.order({ orderId: id });
      if (open !== undefined && OPEN.has(open.status)) this.venue.engine.cancel({ orderId: id });
    }
    if (role === 'stop-loss') delete record.stopLossId;
    else delete record.takeProfitId;
    return undefined;
  }

  /** DELETE /trade/accounts/{id}/positions: every position of the account (one instrument if given). */
  closeAll(accountId: string, spec: TlInstrumentSpec | undefined): void {
    for (const record of [...this.records.values()]) {
      if (record.accountId !== accountId || (spec !== undefined && record.instrument !== spec.name)) continue;
      this.close(accountId, record.id, undefined);
    }
  }

  save(): Pick<SavedTlState, 'positions' | 'nextPositionId'> {
    return { positions: [...this.records.values()], nextPositionId: this.nextPositionId };
  }
}
