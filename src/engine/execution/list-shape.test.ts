import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, InstrumentId, OrderListId, Price, Quantity } from '../../core';
import type { Contingency, OrderRequest, VenueCapabilities } from '../../core';
import { CLIENT_ID_RULES } from '../../core';
import { listShape, venueTakesNatively } from './list-shape';

const listId = OrderListId.of('list-1');
const id = (value: string) => ClientOrderId.parse(value);

function order(clientOrderId: string, contingency: Omit<Contingency, 'listId'> | undefined, partial: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: id(clientOrderId),
    accountId: AccountId.parse('acc'),
    instrumentId: InstrumentId.of('BTCUSDT', 'BINANCE'),
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.01'),
    price: Price.parse('100.00'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
    ...(contingency === undefined ? {} : { contingency: { listId, ...contingency } }),
    ...partial,
  };
}

const oco = () => [
  order('a', { type: 'OCO', linkedClientOrderIds: [id('b')] }),
  order('b', { type: 'OCO', linkedClientOrderIds: [id('a')] }, { type: 'stop-market', triggerPrice: Price.parse('110.00') }),
];
const bracket = (childType: 'OCO' | 'OTO') => [
  order('p', { type: 'OTO', linkedClientOrderIds: [id('tp'), id('sl')] }),
  order('tp', { type: childType, parentClientOrderId: id('p'), linkedClientOrderIds: [id('sl')] }, { side: 'sell' }),
  order('sl', { type: childType, parentClientOrderId: id('p'), linkedClientOrderIds: [id('tp')] }, { side: 'sell', type: 'stop-market', triggerPrice: Price.parse('90.00') }),
];

const capabilities: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop-market'],
  timeInForce: { limit: ['GTC'], 'stop-market': ['GTC'] },
  postOnly: true,
  reduceOnly: false,
  iceberg: false,
  modify: 'native',
  attachedOrders: false,
  orderLists: ['OCO', 'OTO'],
  nativeLists: ['OCO', 'OTO', 'OTOCO'],
  cancelAll: false,
  positions: false,
  hedging: false,
  quoteQuantityMarket: false,
  clientOrderId: CLIENT_ID_RULES.permissive,
};

describe('listShape: which native kind an engine list is', () => {
  it('two legs linked to each other are an OCO, in the order given', () => {
    const shape = listShape(oco());
    expect(shape?.kind).toBe('OCO');
    expect(shape?.legs.map((l) => [l.request.clientOrderId, l.role, l.index])).toEqual([['a', 'oco', 0], ['b', 'oco', 1]]);
  });

  it('a parent and one child naming it are an OTO: working, then pending', () => {
    const shape = listShape([order('c', { type: 'OTO', parentClientOrderId: id('p'), linkedClientOrderIds: [] }), order('p', { type: 'OTO', linkedClientOrderIds: [] })]);
    expect(shape?.kind).toBe('OTO');
    expect(shape?.legs.map((l) => [l.request.clientOrderId, l.role, l.index])).toEqual([['p', 'working', 1], ['c', 'pending', 0]]);
  });

  it('a parent and two linked children are an OTOCO, whether the children say OCO or (as the API builds a bracket) OTO', () => {
    expect(listShape(bracket('OCO'))?.kind).toBe('OTOCO');
    expect(listShape(bracket('OTO'))?.kind).toBe('OTOCO');
  });

  it('anything else stays with the engine: three-way OCO, OUO, mixed instruments, a parent outside the list, attached orders', () => {
    const three = [
      order('a', { type: 'OCO', linkedClientOrderIds: [id('b'), id('c')] }),
      order('b', { type: 'OCO', linkedClientOrderIds: [id('a'), id('c')] }),
      order('c', { type: 'OCO', linkedClientOrderIds: [id('a'), id('b')] }),
    ];
    expect(listShape(three)).toBeUndefined();
    expect(listShape(oco().map((o) => ({ ...o, contingency: { ...(o.contingency as Contingency), type: 'OUO' as const } })))).toBeUndefined();
    const [a, b] = oco() as [OrderRequest, OrderRequest];
    expect(listShape([a, { ...b, instrumentId: InstrumentId.of('ETHUSDT', 'BINANCE') }])).toBeUndefined();
    expect(listShape([order('c', { type: 'OTO', parentClientOrderId: id('elsewhere'), linkedClientOrderIds: [] })])).toBeUndefined();
    expect(listShape([{ ...a, attached: { stopLoss: { triggerPrice: Price.parse('90.00') } } }, b])).toBeUndefined();
  });
});

describe('venueTakesNatively', () => {
  it('needs the kind declared, the list verb, and every leg going out as it is', () => {
    const shape = listShape(bracket('OCO'));
    if (shape === undefined) throw new Error('a bracket has a shape');
    expect(venueTakesNatively(shape, capabilities, true)).toBe(true);
    expect(venueTakesNatively(shape, capabilities, false)).toBe(false);
    expect(venueTakesNatively(shape, { ...capabilities, nativeLists: ['OCO', 'OTO'] }, true)).toBe(false);
    // A stop the venue cannot take natively is emulated by the engine, so the whole list is.
    expect(venueTakesNatively(shape, { ...capabilities, orderTypes: ['market', 'limit'] }, true)).toBe(false);
    // A GTD leg the engine must expire itself keeps the list in the engine.
    const gtd = listShape(bracket('OCO').map((o) => (o.clientOrderId === 'tp' ? { ...o, timeInForce: 'GTD' as const, expireAt: 1 } : o)));
    if (gtd === undefined) throw new Error('still a bracket');
    expect(venueTakesNatively(gtd, capabilities, true)).toBe(false);
  });
});
