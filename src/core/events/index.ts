import type { MarketDataEvent } from './market-events';
import type { OrderEvent } from './order-events';
import type { PortfolioEvent } from './portfolio-events';
import type { SystemEvent } from './system-events';

export * from './market-events';
export * from './order-events';
export * from './portfolio-events';
export * from './system-events';

/** Everything that travels on the message bus. */
export type EngineEvent = OrderEvent | MarketDataEvent | PortfolioEvent | SystemEvent;
export type EngineEventType = EngineEvent['type'];
