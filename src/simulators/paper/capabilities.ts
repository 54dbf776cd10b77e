import { CLIENT_ID_RULES, type VenueCapabilities } from '../../core';

/** What the paper venue does natively; positions, reduce-only and hedging follow the accounts it holds. */
export function paperCapabilities(positions: boolean, hedging: boolean): VenueCapabilities {
  const resting = ['GTC', 'GTD', 'DAY'] as const;
  return {
    orderTypes: ['market', 'limit', 'stop-market', 'stop-limit', 'market-if-touched', 'limit-if-touched', 'trailing-stop'],
    timeInForce: {
      market: ['IOC', 'FOK'],
      limit: [...resting, 'IOC', 'FOK'],
      'stop-market': resting,
      'stop-limit': resting,
      'market-if-touched': resting,
      'limit-if-touched': resting,
      'trailing-stop': resting,
    },
    postOnly: true,
    reduceOnly: positions,
    iceberg: true,
    modify: 'native',
    attachedOrders: false,
    orderLists: [],
    cancelAll: true,
    positions,
    hedging,
    quoteQuantityMarket: false,
    clientOrderId: CLIENT_ID_RULES.permissive,
  };
}
