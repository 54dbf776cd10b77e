/**
 * Portfolio domain: positions (netting / hedging; FIFO trades or average cost), P&L in quote and account
 * currency, account balances and margin, performance statistics, FIFO reduction plans, trading-day calendar.
 * Pure: no I/O, no clock reads; the engine's PortfolioService (src/engine/portfolio) drives it.
 */
export * from './types';
export * from './conversion';
export * from './position';
export * from './account';
export * from './performance';
export * from './fifo-plan';
export * from './trading-day';
export * from './money-of';
