import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import type { OrderSide } from '../../core/orders/types';
import type { MatchingEngine, SimPosition } from '../matching';
import type { DxtradeSimUser } from './accounts';
import { DX_ERRORS, fail } from './errors';
import { instrumentIdOf, instrumentSpec, symbolOfInstrument } from './instruments';
import type { ValidOrder } from './validation';

/** One DXtrade position: the engine's leg under the code DXtrade gave it when it opened. */
export interface DxSimPosition {
  readonly account: string;
  readonly positionCode: string;
  readonly symbol: string;
  /** Signed: negative for a short. */
  readonly quantity: Decimal;
  readonly side: 'BUY' | 'SELL';
  readonly openPrice: Decimal;
  readonly openTime: number;
  readonly unrealizedPnl: Decimal;
  readonly marginRate: Decimal;
}

interface CodeEntry {
  readonly code: string;
  readonly openTime: number;
  readonly sign: number;
}

/**
 * Position codes and the account views built from the engine (positions, metrics). A US account nets one
 * position per instrument (the engine's netting leg); a hedging account keeps a long and a short leg, each
 * with its own code. A code is the orderId of the order that opened the position.
 */
export class Portfolio {
  private readonly codes: Map<string, CodeEntry>;

  constructor(
    private readonly engine: MatchingEngine,
    private readonly user: DxtradeSimUser,
    private readonly now: () => number,
    saved: readonly (readonly [string, CodeEntry])[],
  ) {
    this.codes = new Map(saved.map(([key, entry]) => [key, { ...entry }]));
  }

  private key(account: string, symbol: string, leg: SimPosition['leg']): string {
    return `${account}|${symbol}|${leg}`;
  }

  isUs(account: string): boolean {
    return this.user.accounts.find((a) => a.code === account)?.us === true;
  }

  /** After a fill: a leg that opened gets a code, a leg that closed loses it, a net leg that flipped gets a new one. */
  onFill(account: string, symbol: string, _side: OrderSide, orderId: number): void {
    const legs = this.engine.positions(AccountId.parse(account)).filter((p) => symbolOfInstrument(p.instrumentId) === symbol);
    for (const leg of ['net', 'long', 'short'] as const) {
      const key = this.key(account, symbol, leg);
      const position = legs.find((p) => p.leg === leg);
      const sign = position?.signedQuantity.sign() ?? 0;
      if (sign === 0) this.codes.delete(key);
      else if (this.codes.get(key)?.sign !== sign) this.codes.set(key, { code: String(orderId), openTime: this.now(), sign });
    }
  }

  positions(account: string): DxSimPosition[] {
    const id = AccountId.parse(account);
    const us = this.isUs(account);
    return this.engine.positions(id).filter((p) => !p.signedQuantity.isZero()).map((p) => {
      const symbol = symbolOfInstrument(p.instrumentId);
      const entry = this.codes.get(this.key(account, symbol, p.leg));
      const spec = instrumentSpec(symbol);
      return {
        account, positionCode: entry?.code ?? `${symbol}-${p.leg}`, symbol, quantity: p.signedQuantity, side: p.signedQuantity.isNegative() ? 'SELL' as const : 'BUY' as const,
        openPrice: p.averagePrice, openTime: entry?.openTime ?? this.now(), unrealizedPnl: p.unrealizedPnl,
        marginRate: Decimal.parse(us ? spec?.usMarginRate ?? '0.02' : spec?.marginRate ?? '0.0333'),
      };
    });
  }

  /** A closing order (positionEffect CLOSE): the position it closes, and its size when the order gives none. */
  closing(account: string, order: ValidOrder): { positionCode: string; quantity: Decimal } | undefined {
    if (order.positionEffect !== 'CLOSE') return undefined;
    const open = this.positions(account).filter((p) => p.symbol === order.instrument);
    const position = order.positionCode === undefined ? open.find((p) => p.side !== order.side) : open.find((p) => p.positionCode === order.positionCode);
    if (position === undefined) {
      // A protection order of an IF-THEN group closes a position that its parent has not opened yet.
      if (order.positionCode === undefined && order.quantity !== undefined) return undefined;
      fail(DX_ERRORS.positionNotFound(order.positionCode ?? order.instrument));
    }
    if (position.side === order.side) fail(DX_ERRORS.badRequest(`a closing order for a ${position.side} position must be on the other side`));
    const size = position.quantity.abs();
    if (order.quantity !== undefined && order.quantity.gt(size)) fail(DX_ERRORS.badRequest(`quantity ${order.quantity.toString()} exceeds the position's ${size.toString()}`));
    return { positionCode: position.positionCode, quantity: order.quantity ?? size };
  }

  metrics(account: string): {
    balance: Decimal; equity: Decimal; margin: Decimal; marginFree: Decimal; openPL: Decimal; totalPL: Decimal; openPositions: number; currency: string;
  } {
    const state = this.engine.account(AccountId.parse(account));
    const balance = state.balances.find((b) => b.currency === state.baseCurrency)?.total ?? Decimal.ZERO;
    return {
      balance, equity: state.equity, margin: state.marginUsed, marginFree: state.marginAvailable, openPL: state.unrealizedPnl,
      totalPL: state.realizedPnl.add(state.unrealizedPnl), openPositions: this.positions(account).length, currency: state.baseCurrency,
    };
  }

  instrumentIdOf(symbol: string): ReturnType<typeof instrumentIdOf> {
    return instrumentIdOf(symbol);
  }

  save(): (readonly [string, CodeEntry])[] {
    return [...this.codes].map(([key, entry]) => [key, { ...entry }] as const);
  }
}
