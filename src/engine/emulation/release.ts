import type { Order, OrderRequest, OrderType, VenueCapabilities } from '../../core';
import { isConditional } from '../../core';

/** What an emulated order becomes at the venue once its trigger is hit. */
export function releasedType(type: OrderType): OrderType {
  switch (type) {
    case 'stop-limit':
    case 'limit-if-touched':
    case 'trailing-limit':
    case 'limit':
      return 'limit';
    case 'stop-market':
    case 'market-if-touched':
    case 'trailing-stop':
    case 'market':
      return 'market';
  }
}

/** The plain order sent when an emulated order triggers: same client id, same size, no trigger fields. */
export function releasedRequest(order: Order): OrderRequest {
  const { triggerPrice: _trigger, trailingOffset: _offset, ...rest } = order.request;
  const type = releasedType(order.request.type);
  const { price: _price, ...withoutPrice } = rest;
  const base =
    type === 'limit' && order.price !== undefined ? { ...withoutPrice, price: order.price } : withoutPrice;
  return {
    ...base,
    type,
    quantity: order.quantity,
    // A market order keeps only IOC/FOK-compatible time in force; GTC is what most venues default to.
    timeInForce: type === 'market' ? 'IOC' : order.request.timeInForce,
  };
}

/** Whether the engine must hold and trigger the order itself because the venue cannot take it natively. */
export function needsEmulation(request: OrderRequest, capabilities: VenueCapabilities): boolean {
  if (!isConditional(request.type)) return false;
  // The emulator has no trailing limit: a venue without a native one refuses it (isSupported).
  if (request.type === 'trailing-limit') return false;
  if (!capabilities.orderTypes.includes(request.type)) return true;
  // A native trailing stop that cannot take this offset kind (Binance: basis points only) trails in the engine.
  const kinds = capabilities.trailingOffsetKinds;
  const offset = request.trailingOffset;
  return request.type === 'trailing-stop' && offset !== undefined && kinds !== undefined && !kinds.includes(offset.kind);
}

/** The venue can take the order as is, or once released by the emulator. */
export function isSupported(request: OrderRequest, capabilities: VenueCapabilities): boolean {
  if (!needsEmulation(request, capabilities)) return capabilities.orderTypes.includes(request.type);
  return capabilities.orderTypes.includes(releasedType(request.type));
}
