/**
 * The live portfolio service. Wiring (execution engine):
 *
 *   const portfolio = new PortfolioService({ bus, clock, instrument: (id) => instruments.get(id) });
 *   portfolio.registerAccount({ accountId, venue: 'OANDA', type: 'margin', baseCurrency: 'USD',
 *                               positionMode: 'netting', costBasis: 'fifo-trades' });
 *   // on every OrderFilled (after the order accepted it, i.e. not a duplicate):
 *   portfolio.applyFill(positionFillFrom(filledEvent, order.request, fillReport?.realizedPnl));
 *   // on every QuoteTick:          portfolio.onQuote(tick);
 *   // on VenueReport kind 'cash':  portfolio.applyCashFlow(report);
 *   // on VenueReport 'account':    portfolio.applyAccountReport(report);
 *
 * TradingEngine queries: positions() -> portfolio.positions(), closedPositions(), performance(); accounts() ->
 * portfolio.accounts() plus the engine's own `enabled` and risk.tradingState(accountId).
 */
export type { AccountSetup, AccountSnapshot, Portfolio } from './types';
export { PortfolioService, type PortfolioServiceDependencies } from './portfolio-service';
export { positionFillFrom } from './fill-mapping';
export { QuoteConversionRates } from './quote-rates';
