import type { Timestamp } from '../clock';
import type { AccountId, ClientOrderId, InstrumentId } from '../identifiers';
import type { Decimal } from '../money/decimal';
import type { Price } from '../money/price';
import type { Quantity } from '../money/quantity';
import type { OrderSide } from '../orders/types';

/** One child of an algorithm parent as the event stream shows it. */
export interface AlgoChildSummary {
  readonly clientOrderId: ClientOrderId;
  readonly instrumentId: InstrumentId;
  readonly status: string;
  readonly quantity: Quantity;
  readonly filledQuantity: Quantity;
}

/**
 * An algorithm parent (issue 16) after a change: created, a slice issued, a child filled or ended, paused,
 * resumed, modified, canceled or finished. `reason` names what changed. Published by the algo engine so the
 * event stream and the dashboard show parents and their children without polling.
 */
export interface AlgoParentUpdated {
  readonly type: 'AlgoParentUpdated';
  readonly parentId: string;
  readonly kind: string;
  readonly status: string;
  readonly reason: string;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly filledQuantity: Quantity;
  readonly leftQuantity: Quantity;
  readonly averagePrice?: Price;
  readonly slippageBasisPoints?: Decimal;
  /** What the schedule targets by now (TWAP/VWAP), to compare with the fills. */
  readonly scheduledQuantity?: Quantity;
  readonly children: readonly AlgoChildSummary[];
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
}

export type AlgoStreamEvent = AlgoParentUpdated;
