import { AccountId, Decimal, InstrumentId, Price, Quantity } from '../src/core';
import { nextIcebergDecision, nextTwapDecision, type TwapSpec } from '../src/engine/algos';
import { throughput, type Benchmark } from './harness';

/**
 * Cost per child decision (issue 16, aim <= 20 us): the TWAP step (due slice, target, caps, lot rounding) with
 * seeded randomisation and a participation cap, and the iceberg step. The peer in the same run is one exact
 * decimal multiply-add, the arithmetic unit a decision is made of, so a ratio survives a loaded machine.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'algos',
    async run() {
      const start = 1_767_614_400_000;
      const spec: TwapSpec = {
        kind: 'twap',
        parentId: 'bench',
        accountId: AccountId.parse('paper-fx'),
        instrumentId: InstrumentId.parse('EUR_USD.PAPER'),
        side: 'buy',
        quantity: Quantity.parse('1000000'),
        limitPrice: Price.parse('1.08500'),
        startAt: start,
        endAt: start + 3_600_000,
        slices: 60,
        maxChildQuantity: Quantity.parse('50000'),
        participationCap: Decimal.parse('0.2'),
        randomisation: { sizeFraction: Decimal.parse('0.2'), timingFraction: Decimal.parse('0.3'), seed: 7 },
        onEnd: 'finish-aggressively',
      };
      const increment = Decimal.parse('1');
      const volume = Decimal.parse('50000000');
      let sink = 0;
      const twapOps = throughput(200_000, (i) => {
        const slice = i % 60;
        const decision = nextTwapDecision(spec, {
          now: start + slice * 60_000 + 1,
          filled: Decimal.fromInteger(slice * 16_000),
          committed: Decimal.fromInteger(slice * 16_000),
          openChildren: 0,
          nextIndex: slice,
          marketVolume: volume,
          sizeIncrement: increment,
          minQuantity: increment,
        });
        if (decision.kind === 'child') sink++;
      });
      const iceberg = { ...spec, kind: 'iceberg' as const, limitPrice: Price.parse('1.08500'), displayQuantity: Quantity.parse('10000') };
      const icebergOps = throughput(200_000, (i) => {
        if (nextIcebergDecision(iceberg, { committed: Decimal.fromInteger((i % 100) * 10_000), displayed: Decimal.ZERO, sizeIncrement: increment, minQuantity: increment, price: iceberg.limitPrice }).kind === 'child') sink++;
      });
      const price = Decimal.parse('1.08345');
      const quantity = Decimal.parse('12500');
      let total = Decimal.ZERO;
      const peerOps = throughput(1_000_000, () => {
        total = total.add(price.mul(quantity));
      });
      const twapNs = 1e9 / twapOps;
      const peerNs = 1e9 / peerOps;
      return [
        { benchmark: 'algos', metric: 'twap child decision', value: twapNs, unit: 'ns/op', aim: '<= 20000 ns', notes: `${(twapNs / peerNs).toFixed(1)}x the decimal multiply-add peer; children ${sink > 0 ? 'issued' : 'none'}` },
        { benchmark: 'algos', metric: 'iceberg child decision', value: 1e9 / icebergOps, unit: 'ns/op', aim: '<= 20000 ns' },
        { benchmark: 'algos', metric: 'peer: decimal multiply-add', value: peerNs, unit: 'ns/op', notes: total.isZero() ? '' : 'same run' },
      ];
    },
  },
];
