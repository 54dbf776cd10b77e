import { AccountId, TradeId, VenueOrderId, type VenueClientOrderId } from '../../core/identifiers';
import { Money } from '../../core/money/money';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { FillReport } from '../../core/reports';
import type { IbCommissionMessage, IbExecutionMessage } from './parse/messages';
import { instrumentIdOf } from './symbols';

/**
 * IB's execId is `<order part>.<exec part>.<n>.<correction>`: a correction re-sends an execution with the
 * last part bumped (….01 → ….02). The base without it identifies the fill; a second sighting is not a fill.
 */
export function executionBase(execId: string): string {
  return /^(.+)\.\d{2}$/.exec(execId)?.[1] ?? execId;
}

/** `yyyyMMdd HH:mm:ss[ zone]` or `yyyyMMdd-HH:mm:ss` in UTC; other zones are not guessed (undefined). */
export function parseExecutionTime(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})[ -]+(\d{2}):(\d{2}):(\d{2})(?: (UTC|GMT))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

/**
 * Pairs execDetails with their commissionReport (TWS sends them separately, commission last) and hands out
 * each execution once, however often TWS repeats or corrects it.
 */
export class FillAssembler {
  private readonly seen = new Set<string>();
  private readonly waiting = new Map<string, IbExecutionMessage>();
  private readonly commissions = new Map<string, IbCommissionMessage>();
  /** The latest execution time seen (ms), for the catch-up request after a reconnect. */
  lastExecutionAt: number | undefined;

  constructor(
    private readonly refOf: (orderId: number, orderRef: string) => VenueClientOrderId | undefined,
    private readonly now: () => number,
  ) {}

  /** Whether an execution (by execId, or by the base a FillReport carries as tradeId) was handed out. */
  has(execId: string): boolean {
    return this.seen.has(execId) || this.seen.has(executionBase(execId));
  }

  /** Records a fill found by a catch-up request, so that its live copy is not handed out again. */
  markSeen(fill: FillReport): void {
    this.seen.add(fill.tradeId);
    if (this.lastExecutionAt === undefined || fill.occurredAt > this.lastExecutionAt) this.lastExecutionAt = fill.occurredAt;
  }

  execution(message: IbExecutionMessage): FillReport | undefined {
    if (this.has(message.execId)) return undefined;
    const commission = this.commissions.get(message.execId);
    if (commission !== undefined) return this.complete(message, commission);
    this.waiting.set(message.execId, message);
    return undefined;
  }

  commission(message: IbCommissionMessage): FillReport | undefined {
    const execution = this.waiting.get(message.execId);
    if (execution === undefined) {
      if (!this.has(message.execId)) this.commissions.set(message.execId, message);
      return undefined;
    }
    return this.complete(execution, message);
  }

  private complete(execution: IbExecutionMessage, commission: IbCommissionMessage): FillReport | undefined {
    this.waiting.delete(execution.execId);
    this.commissions.delete(execution.execId);
    const base = executionBase(execution.execId);
    if (this.seen.has(base)) return undefined;
    const instrumentId = instrumentIdOf(execution.contract);
    if (instrumentId === undefined) return undefined;
    this.seen.add(base);
    const occurredAt = parseExecutionTime(execution.time) ?? this.now();
    if (this.lastExecutionAt === undefined || occurredAt > this.lastExecutionAt) this.lastExecutionAt = occurredAt;
    const ref = this.refOf(execution.orderId, execution.orderRef);
    const currency = commission.currency === '' ? execution.contract.currency : commission.currency;
    return {
      accountId: AccountId.parse(execution.account),
      instrumentId,
      venueOrderId: VenueOrderId.of(String(execution.orderId)),
      ...(ref === undefined ? {} : { venueClientOrderId: ref }),
      tradeId: TradeId.of(base),
      side: execution.side === 'BOT' ? 'buy' : 'sell',
      quantity: Quantity.of(execution.shares),
      price: Price.of(execution.price),
      commission: Money.of(commission.commission ?? execution.shares.sub(execution.shares), currency),
      liquidity: execution.lastLiquidity === 1 ? 'maker' : 'taker',
      ...(commission.realizedPnl === undefined ? {} : { realizedPnl: Money.of(commission.realizedPnl, currency) }),
      occurredAt,
    };
  }
}
