import { Decimal } from '../../core';
import type { SimBalance, SimFill, SimOrder, SimOrderStatus } from '../matching';

/** What the wire shows that the matching engine does not keep. */
export interface OrderMeta {
  readonly ordId: string;
  readonly instId: string;
  readonly ordType: string;
  readonly tdMode: string;
  readonly side: 'buy' | 'sell';
  readonly clOrdId: string;
  readonly tag: string;
  /** base_ccy or quote_ccy for SPOT market orders, '' otherwise. */
  readonly tgtCcy: string;
  /** The size as sent (in quote currency for a market buy by quote). */
  sz: string;
  px: string;
  readonly cTime: number;
  uTime: number;
  /** Fees so far, negative when charged (OKX's sign), and their currency. */
  fee: Decimal;
  readonly feeCcy: string;
  /** The last fill, which the orders channel repeats on every push after it. */
  lastFill?: { tradeId: string; fillPx: string; fillSz: string; fillTime: number; execType: 'T' | 'M'; fee: Decimal };
  /** Why the venue ended the order (docs-v5 cancelSource), '' when it was not canceled by the venue. */
  cancelSource: string;
  /** attachAlgoOrds as sent, echoed back on order details. */
  readonly attachAlgoOrds: readonly Record<string, string>[];
  /** The algo order this order came from, once it triggered. */
  readonly algo?: { readonly algoId: string; readonly algoClOrdId: string };
  /** Set for an order the venue ended before it reached the book (a post-only that would take). */
  synthetic?: { readonly state: 'canceled' };
}

/** OKX writes numbers as plain decimal strings without trailing zeros ("0.01", "60000"). */
export function num(value: Decimal | undefined): string {
  return value === undefined ? '' : value.normalize().toString();
}

export function wireState(status: SimOrderStatus): 'live' | 'partially_filled' | 'filled' | 'canceled' {
  switch (status) {
    case 'pending':
    case 'accepted':
    case 'triggered':
      return 'live';
    case 'partially-filled':
      return 'partially_filled';
    case 'filled':
      return 'filled';
    case 'canceled':
    case 'expired':
    case 'rejected':
      return 'canceled';
  }
}

/** One order as GET /api/v5/trade/order and orders-pending show it. */
export function orderRow(order: SimOrder | undefined, meta: OrderMeta): Record<string, unknown> {
  const filled = order?.filledQuantity ?? Decimal.ZERO;
  const state = meta.synthetic?.state ?? (order === undefined ? 'canceled' : wireState(order.status));
  const last = meta.lastFill;
  return {
    accFillSz: num(filled),
    algoClOrdId: meta.algo?.algoClOrdId ?? '',
    algoId: meta.algo?.algoId ?? '',
    attachAlgoClOrdId: '',
    attachAlgoOrds: meta.attachAlgoOrds,
    avgPx: order?.averagePrice === undefined ? '' : num(order.averagePrice.rescale(12, 'half-even')),
    cTime: String(meta.cTime),
    cancelSource: meta.cancelSource,
    cancelSourceReason: meta.cancelSource === '31' ? 'The post-only order will take liquidity in taker orders' : '',
    category: 'normal',
    ccy: '',
    clOrdId: meta.clOrdId,
    fee: num(meta.fee),
    feeCcy: meta.feeCcy,
    fillPx: last?.fillPx ?? '',
    fillSz: last?.fillSz ?? '',
    fillTime: last === undefined ? '' : String(last.fillTime),
    instId: meta.instId,
    instType: 'SPOT',
    isTpLimit: 'false',
    lever: '',
    linkedAlgoOrd: { algoId: '' },
    ordId: meta.ordId,
    ordType: meta.ordType,
    pnl: '0',
    posSide: 'net',
    px: meta.px,
    pxType: '',
    pxUsd: '',
    pxVol: '',
    quickMgnType: '',
    rebate: '0',
    rebateCcy: meta.feeCcy,
    reduceOnly: 'false',
    side: meta.side,
    slOrdPx: '',
    slTriggerPx: '',
    slTriggerPxType: '',
    source: '',
    state,
    stpId: '',
    stpMode: 'cancel_maker',
    sz: meta.sz,
    tag: meta.tag,
    tdMode: meta.tdMode,
    tgtCcy: meta.tgtCcy,
    tpOrdPx: '',
    tpTriggerPx: '',
    tpTriggerPxType: '',
    tradeId: last?.tradeId ?? '',
    tradeQuoteCcy: meta.instId.split('-')[1] ?? '',
    uTime: String(meta.uTime),
  };
}

/** One row of GET /api/v5/trade/fills and fills-history. */
export function fillRow(fill: SimFill, meta: OrderMeta | undefined, instId: string): Record<string, string> {
  return {
    instType: 'SPOT',
    instId,
    tradeId: fill.tradeId,
    ordId: meta?.ordId ?? '',
    clOrdId: meta?.clOrdId ?? '',
    billId: fill.tradeId,
    subType: fill.side === 'buy' ? '1' : '2',
    tag: meta?.tag ?? '',
    fillPx: num(fill.price),
    fillSz: num(fill.quantity),
    fillIdxPx: '',
    fillPnl: '0',
    fillPxVol: '',
    fillPxUsd: '',
    fillMarkVol: '',
    fillFwdPx: '',
    fillMarkPx: '',
    side: fill.side,
    posSide: 'net',
    execType: fill.liquidity === 'maker' ? 'M' : 'T',
    feeCcy: fill.commissionCurrency,
    fee: num(fill.commission.neg()),
    feeRate: fill.liquidity === 'maker' ? '-0.0008' : '-0.001',
    ts: String(fill.occurredAt),
    fillTime: String(fill.occurredAt),
    tradeQuoteCcy: instId.split('-')[1] ?? '',
  };
}

/** One `details` entry of GET /api/v5/account/balance (and the account channel). */
export function balanceDetail(balance: SimBalance, now: number): Record<string, string> {
  const total = num(balance.total);
  return {
    accAvgPx: '', availBal: num(balance.free), availEq: num(balance.free), borrowFroz: '', cashBal: total, ccy: balance.currency,
    clSpotInUseAmt: '', crossLiab: '', disEq: total, eq: total, eqUsd: balance.currency === 'USDT' ? total : '', fixedBal: '0',
    frozenBal: num(balance.locked), imr: '', interest: '', isoEq: '', isoLiab: '', isoUpl: '', liab: '', maxLoan: '', mgnRatio: '',
    mmr: '', notionalLever: '', ordFrozen: num(balance.locked), rewardBal: '', smtSyncEq: '0', spotBal: total, spotCopyTradingEq: '0',
    spotInUseAmt: '', spotIsoBal: '0', spotUpl: '', spotUplRatio: '', stgyEq: '0', totalPnl: '', totalPnlRatio: '', twap: '0',
    uTime: String(now), upl: '', uplLiab: '',
  };
}

export function balanceAccount(balances: readonly SimBalance[], now: number, only?: ReadonlySet<string>): Record<string, unknown> {
  const details = balances.filter((b) => only === undefined || only.has(b.currency)).map((b) => balanceDetail(b, now));
  const usdt = balances.find((b) => b.currency === 'USDT');
  return {
    adjEq: '', availEq: '', borrowFroz: '', details, imr: '', isoEq: '', mgnRatio: '', mmr: '', notionalUsd: '',
    notionalUsdForBorrow: '', notionalUsdForFutures: '', notionalUsdForOption: '', notionalUsdForSwap: '', ordFroz: '',
    totalEq: num(usdt?.total), uTime: String(now), upl: '',
  };
}
