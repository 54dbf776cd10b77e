/** FIX 4.4 tags and message types the session layer and the FIX venues use (names as in the FIX 4.4 spec). */
export const Tag = {
  Account: 1, AvgPx: 6, BeginSeqNo: 7, ClOrdID: 11, CumQty: 14, Currency: 15, EndSeqNo: 16, ExecID: 17,
  LastPx: 31, LastQty: 32, MsgSeqNum: 34, MsgType: 35, NewSeqNo: 36, OrderID: 37, OrderQty: 38, OrdStatus: 39,
  OrdType: 40, OrigClOrdID: 41, PossDupFlag: 43, Price: 44, RefSeqNum: 45, SenderCompID: 49, SenderSubID: 50,
  SendingTime: 52, Quantity: 53, Side: 54, Symbol: 55, TargetCompID: 56, TargetSubID: 57, Text: 58, TimeInForce: 59,
  TransactTime: 60, ValidUntilTime: 62, StopPx: 99, EncryptMethod: 98, CxlRejReason: 102, OrdRejReason: 103,
  HeartBtInt: 108, TestReqID: 112, OrigSendingTime: 122, GapFillFlag: 123, ExpireTime: 126, ResetSeqNumFlag: 141,
  NoRelatedSym: 146, ExecType: 150, LeavesQty: 151, MDReqID: 262, SubscriptionRequestType: 263, MarketDepth: 264,
  MDUpdateType: 265, NoMDEntryTypes: 267, NoMDEntries: 268, MDEntryType: 269, MDEntryPx: 270, MDEntrySize: 271,
  MDUpdateAction: 279, TradSesReqID: 335, TradingSessionID: 336, TradSesStatus: 340, RefTagID: 371, RefMsgType: 372,
  SessionRejectReason: 373, CxlRejResponseTo: 434, MassStatusReqID: 584, MassStatusReqType: 585, PosReqID: 710,
  PosMaintRptID: 721, PosReqType: 724, TotalNumPosReports: 727, PosReqResult: 728, SettlPrice: 730,
  NoPositions: 702, PosType: 703, LongQty: 704, ShortQty: 705, CollInquiryID: 909, CollRptID: 908,
  CashOutstanding: 901, StartCash: 921, EndCash: 922, Username: 553, Password: 554, ContingencyType: 1385,
  ClOrdLinkID: 583, ListID: 66, TotNoOrders: 68, NoOrders: 73, ListSeqNo: 67, BidType: 394, LastRptRequested: 912,
  TotNumReports: 911, UnsolicitedIndicator: 325, PosReqStatus: 729, ClearingBusinessDate: 715,
  FXCMSymID: 9000, FXCMSymPrecision: 9001, FXCMSymPointSize: 9002, FXCMMaxQuantity: 9094, FXCMMinQuantity: 9095,
  FXCMTradingStatus: 9096, FXCMProductID: 9080, FXCMNoParam: 9016, FXCMParamName: 9017, FXCMParamValue: 9018,
  FXCMUsedMargin: 9038, FXCMPosID: 9041, FXCMPosInterest: 9040, FXCMErrorDetails: 9029,
} as const;

/** Session-level message types (FIX 4.4 Vol. 2): everything else is an application message. */
export const MsgType = {
  Heartbeat: '0', TestRequest: '1', ResendRequest: '2', Reject: '3', SequenceReset: '4', Logout: '5', Logon: 'A',
} as const;

export const ADMIN_MESSAGE_TYPES: ReadonlySet<string> = new Set(Object.values(MsgType));
