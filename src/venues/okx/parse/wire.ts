/** OKX v5 payload shapes the adapter reads (docs-v5; fixtures/ holds recorded examples). Numbers are strings. */

export interface WireInstrument {
  readonly instType: string;
  readonly instId: string;
  readonly baseCcy: string;
  readonly quoteCcy: string;
  readonly settleCcy: string;
  readonly ctVal: string;
  readonly ctValCcy: string;
  readonly ctType: string;
  readonly expTime: string;
  readonly tickSz: string;
  readonly lotSz: string;
  readonly minSz: string;
  readonly maxLmtSz: string;
  readonly maxMktSz: string;
  readonly state: string;
}

export interface WireOrderAck {
  readonly clOrdId: string;
  readonly ordId: string;
  readonly tag?: string;
  readonly ts: string;
  readonly sCode: string;
  readonly sMsg: string;
  readonly reqId?: string;
}

export interface WireOrder {
  readonly instType: string;
  readonly instId: string;
  readonly ordId: string;
  readonly clOrdId: string;
  readonly px: string;
  readonly sz: string;
  readonly ordType: string;
  readonly side: string;
  readonly tgtCcy: string;
  readonly accFillSz: string;
  readonly avgPx: string;
  readonly state: string;
  readonly fee: string;
  readonly feeCcy: string;
  readonly cancelSource?: string;
  /** Set on an order an algo order placed when it triggered (its clOrdId is then empty). */
  readonly algoId?: string;
  readonly algoClOrdId?: string;
  readonly uTime: string;
  readonly cTime: string;
  /** Orders channel only: the fill this push reports. */
  readonly tradeId?: string;
  readonly fillPx?: string;
  readonly fillSz?: string;
  readonly fillTime?: string;
  readonly fillFee?: string;
  readonly fillFeeCcy?: string;
  readonly execType?: string;
}

export interface WireFill {
  readonly instId: string;
  readonly tradeId: string;
  /** The bill behind the fill: the fills pages' cursor (`after`/`before`). */
  readonly billId: string;
  readonly ordId: string;
  readonly clOrdId: string;
  readonly fillPx: string;
  readonly fillSz: string;
  readonly side: string;
  readonly execType: string;
  readonly fee: string;
  readonly feeCcy: string;
  readonly ts: string;
}

export interface WireBalanceDetail {
  readonly ccy: string;
  readonly cashBal: string;
  readonly availBal: string;
  readonly frozenBal: string;
  readonly eq: string;
}

export interface WireBalance {
  readonly totalEq: string;
  readonly uTime: string;
  readonly details: readonly WireBalanceDetail[];
}

export interface WireAccountConfig {
  readonly acctLv: string;
  readonly posMode: string;
  readonly uid: string;
}

export interface WireAlgoAck {
  readonly algoId: string;
  readonly algoClOrdId: string;
  readonly clOrdId: string;
  readonly sCode: string;
  readonly sMsg: string;
  readonly tag: string;
}
