import { Decoder } from '@stoqey/ib/dist/core/io/decoder';

import { Decimal } from '../src/core';
import { contractOf, decodeExecution, decodeOrderStatus, encodePlaceOrder, frameFields, FrameDecoder, type PlaceOrderFields } from '../src/venues/ibkr';
import { InstrumentId } from '../src/core';
import { throughput, type Benchmark } from './harness';

const SERVER_VERSION = 178;

/** Bytes as TWS sends them: N framed orderStatus (or execDetails) messages back to back. */
function wire(kind: 'orderStatus' | 'execDetails', count: number): Buffer {
  const frames: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const price = `190.${String(i % 100).padStart(2, '0')}`;
    const fields = kind === 'orderStatus'
      ? ['3', String(1000 + i), 'Filled', '10', '0', price, String(1_000_000_001 + i), '0', price, '1', '', '0']
      : ['11', '-1', String(1000 + i), '265598', 'AAPL', 'STK', '', '0', '', '', 'NASDAQ', 'USD', 'AAPL', 'NMS', `3b9aca01.${String(i).padStart(8, '0')}.01.01`, '20261201 16:07:12 UTC', 'DU1234567', 'NASDAQ', 'BOT', '10', price, String(1_000_000_001 + i), '1', '0', '10', price, 'ref-1', '', '1.7976931348623157E308', '', '2', '0'];
    frames.push(frameFields(fields));
  }
  return Buffer.concat(frames);
}

/** @stoqey/ib's decoder over the same bytes, split the way its socket splits them (length prefix, NUL tokens). */
function stoqeyDecode(bytes: Buffer, decoder: Decoder): void {
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const size = bytes.readInt32BE(offset);
    const tokens = bytes.subarray(offset + 4, offset + 4 + size).toString('utf8').split('\0');
    tokens.pop();
    decoder.enqueueMessage(tokens);
    offset += 4 + size;
  }
  decoder.process();
}

function stoqeyDecoder(): Decoder {
  return new Decoder({ serverVersion: SERVER_VERSION, emitEvent: () => undefined, emitError: () => undefined, emitInfo: () => undefined });
}

function decodeBench(kind: 'orderStatus' | 'execDetails'): Benchmark {
  return {
    name: `ibkr ${kind} decode vs @stoqey/ib`,
    async run() {
      const batch = 100;
      const bytes = wire(kind, batch);
      const ours = new FrameDecoder();
      let sink = 0;
      const tmt = throughput(3000, () => {
        for (const fields of ours.push(bytes)) {
          const m = kind === 'orderStatus' ? decodeOrderStatus(fields).filled : decodeExecution(fields, SERVER_VERSION).price;
          if (m instanceof Decimal) sink += 1;
        }
      }) * batch;
      const decoder = stoqeyDecoder();
      const peer = throughput(3000, () => stoqeyDecode(bytes, decoder)) * batch;
      if (sink === 0) throw new Error('nothing decoded');
      return Promise.resolve([
        { benchmark: this.name, metric: 'tmt messages/s', value: Math.round(tmt), unit: 'msg/s', aim: '≥ 2× @stoqey/ib' },
        { benchmark: this.name, metric: '@stoqey/ib messages/s', value: Math.round(peer), unit: 'msg/s' },
        { benchmark: this.name, metric: 'ratio', value: Number((tmt / peer).toFixed(2)), unit: 'x', notes: 'bytes → fields → typed message (TMT: exact Decimals; @stoqey/ib: JS numbers)' },
      ]);
    },
  };
}

export const benchmarks: Benchmark[] = [
  decodeBench('orderStatus'),
  decodeBench('execDetails'),
  {
    name: 'ibkr intent to encoded placeOrder bytes',
    async run() {
      const contract = contractOf(InstrumentId.parse('AAPL.IBKR'), 'NASDAQ', 265598);
      const base: PlaceOrderFields = {
        orderId: 1, contract, action: 'BUY', totalQuantity: '10', orderType: 'LMT', lmtPrice: '190.25', auxPrice: '', tif: 'GTC', ocaGroup: '', ocaType: 0,
        account: 'DU1234567', orderRef: 'strategy-1-000001', transmit: true, parentId: 0, displaySize: '', outsideRth: false, goodTillDate: '', trailStopPrice: '', trailingPercent: '', lmtPriceOffset: '',
      };
      let bytes = 0;
      const price = Decimal.parse('190.25');
      const perSecond = throughput(100_000, (i) => {
        bytes += frameFields(encodePlaceOrder({ ...base, orderId: i, lmtPrice: price.toString() }, SERVER_VERSION)).length;
      });
      return Promise.resolve([{ benchmark: this.name, metric: 'orders/s', value: Math.round(perSecond), unit: 'orders/s', notes: `${Math.round(bytes / 110_000)} bytes per frame` }]);
    },
  },
];
