import type { AlgoStreamEvent } from './algo-events';
import type { MarketDataEvent } from './market-events';
import type { OrderEvent } from './order-events';
import type { PortfolioEvent } from './portfolio-events';
import type { SignalEvent } from './signal-events';
import type { SystemEvent } from './system-events';

export * from './algo-events';
export * from './market-events';
export * from './order-events';
export * from './portfolio-events';
export * from './signal-events';
export * from './system-events';

/** Everything that travels on the message bus. */
export type EngineEvent = OrderEvent | MarketDataEvent | PortfolioEvent | SystemEvent | SignalEvent | AlgoStreamEvent;
export type EngineEventType = EngineEvent['type'];
