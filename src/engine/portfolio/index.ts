/**
 * The live portfolio service. Wiring (execution engine):
 *
 *   const portfolio = new PortfolioService({ bus, clock, instrument: (id) => instruments.get(id) });
 *   portfolio.registerAccount({ accountId, venue: 'OANDA', type: 'margin', baseCurrency: 'USD',
 *                               positionMode: 'netting', costBasis: 'fifo-trades' });
 *   // on every OrderFilled (after the order accepted it, i.e. not a duplicate), replay included:
 *   portfolio.applyFill(positionFillFrom(filled, order.request, fillReport?.realizedPnl)); // engine/oms/position-fill
 *   //   fills stamped before the last applyAccountReport's reportedAt move positions and P&L, not cash
 *   // on every QuoteTick:          portfolio.onQuote(tick);
 *   // on VenueReport kind 'cash':  portfolio.applyCashFlow(report);
 *   // on VenueReport 'account':    portfolio.applyAccountReport(report);
 *
 * TradingEngine queries: positions() -> portfolio.positions(), closedPositions(), performance(); accounts() ->
 * portfolio.accounts() plus the engine's own `enabled` and risk.tradingState(accountId).
 */
export type {
  AccountFiguresView,
  AccountSetup,
  AccountSnapshot,
  Portfolio,
  PositionExposureView,
} from './types';
export { PortfolioService } from './portfolio-service';
export type { PortfolioServiceDependencies } from './portfolio-queries';
export { QuoteConversionRates } from './quote-rates';
export type { PortfolioSnapshotState } from './types';
