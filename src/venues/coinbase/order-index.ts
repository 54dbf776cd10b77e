import type { VenueClientOrderId } from '../../core/identifiers';
import type { Quantity } from '../../core/money/quantity';
import type { OrderType } from '../../core/orders/types';

/** What this client knows of an order beyond what the venue's messages repeat. */
export interface KnownOrder {
  readonly orderId: string;
  readonly clientOrderId: VenueClientOrderId | undefined;
  readonly productId: string;
  quantity?: Quantity;
  type?: OrderType;
  /** A market order sized in quote (quote_size): TMT's quantity was an estimate, the venue's fills are its size. */
  quoteSized?: boolean;
  /** Fills already reported (trade ids), so that a fill is reported once. */
  readonly reportedTrades: Set<string>;
  /** number_of_fills last seen on the user channel. */
  fillsSeen: number;
}

/** Orders by venue id and by client id: Coinbase looks orders up by its own id only. */
export class OrderIndex {
  private readonly byId = new Map<string, KnownOrder>();
  private readonly byClientId = new Map<string, KnownOrder>();

  remember(orderId: string, clientOrderId: VenueClientOrderId | undefined, productId: string, extra: { quantity?: Quantity; type?: OrderType } = {}): KnownOrder {
    let known = this.byId.get(orderId);
    if (known === undefined) {
      known = { orderId, clientOrderId, productId, reportedTrades: new Set(), fillsSeen: 0 };
      this.byId.set(orderId, known);
      if (clientOrderId !== undefined) this.byClientId.set(clientOrderId, known);
    }
    if (extra.quantity !== undefined && known.quantity === undefined) known.quantity = extra.quantity;
    if (extra.type !== undefined && known.type === undefined) known.type = extra.type;
    return known;
  }

  byOrderId(orderId: string): KnownOrder | undefined {
    return this.byId.get(orderId);
  }

  byClient(clientOrderId: string): KnownOrder | undefined {
    return this.byClientId.get(clientOrderId);
  }
}
