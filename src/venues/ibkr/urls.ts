/** Where TWS and IB Gateway listen by default (configurable in their API settings). */
export const DEFAULT_HOST = '127.0.0.1';
export const LIVE_TWS_PORT = 7496;
export const PAPER_TWS_PORT = 7497;
export const LIVE_GATEWAY_PORT = 4001;
export const PAPER_GATEWAY_PORT = 4002;
