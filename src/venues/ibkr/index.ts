import type { Clock } from '../../core/clock';
import type { Logger } from '../../shared/logger';
import { SystemClock } from '../../shared/system-clock';
import { parseIbkrConfig, type IbkrConfigInput } from './config';
import { IbkrExecutionClient } from './execution-client';

export { IbkrConfigSchema, parseIbkrConfig, type IbkrConfig, type IbkrConfigInput } from './config';
export { IBKR_CAPABILITIES, IbkrExecutionClient } from './execution-client';
export { MAX_SERVER_VERSION, MIN_SERVER_VERSION } from './versions';
export { placeOrder as encodePlaceOrder, type PlaceOrderFields } from './socket/encoder';
export { frameFields, FrameDecoder } from './socket/framing';
export { decodeExecution, decodeOrderStatus } from './parse/messages';
export { contractOf } from './symbols';

export interface CreateIbkrVenueOptions {
  readonly config: IbkrConfigInput;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** The IBKR adapter: speaks the TWS socket protocol itself (no @stoqey/ib: its numbers are binary floats). */
export function createIbkrVenue(options: CreateIbkrVenueOptions): IbkrExecutionClient {
  return new IbkrExecutionClient({ config: parseIbkrConfig(options.config), logger: options.logger, clock: options.clock ?? new SystemClock() });
}
