/**
 * What a venue itself holds, read from the simulator's own state (never through the adapter under test), so
 * that a scenario can end by comparing the engine's view with the venue's. Each venue's contract fixture
 * supplies `venueTruth()`; the engine-level contract suite compares it with the engine's open orders,
 * positions and balances at the end of every scenario.
 */
import type { Decimal, InstrumentId, OrderSide } from '../../src/core';

export interface VenueTruthOrder {
  /** The client id the venue holds for the order (after any replace, the replacement's). */
  readonly venueClientOrderId: string;
  readonly venueOrderId: string;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly quantity: Decimal;
  readonly filledQuantity: Decimal;
  readonly price?: Decimal;
  readonly triggerPrice?: Decimal;
  /** Iceberg orders: the size the venue shows in its book. */
  readonly displayQuantity?: Decimal;
}

export interface VenueTruthPosition {
  readonly instrumentId: InstrumentId;
  /** Net signed quantity: positive long, negative short. */
  readonly quantity: Decimal;
}

export interface VenueTruthBalance {
  readonly currency: string;
  /** The total (free + locked) balance. */
  readonly total: Decimal;
}

export interface VenueTruth {
  /** Every order working at the venue for the fixture's account, on every instrument. */
  readonly openOrders: readonly VenueTruthOrder[];
  /** Positions, on venues that keep them (FX, margin); empty on spot venues. */
  readonly positions: readonly VenueTruthPosition[];
  readonly balances: readonly VenueTruthBalance[];
}
