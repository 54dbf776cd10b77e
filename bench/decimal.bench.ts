import { Decimal } from '../src/core';
import { throughput, type Benchmark } from './harness';

export const benchmarks: Benchmark[] = [
  {
    name: 'decimal',
    async run() {
      const price = Decimal.parse('1.08345');
      const quantity = Decimal.parse('12500');
      let total = Decimal.ZERO;
      const opsPerSecond = throughput(1_000_000, () => {
        total = total.add(price.mul(quantity));
      });
      return [{ benchmark: 'decimal', metric: 'multiply-add', value: 1e9 / opsPerSecond, unit: 'ns/op' }];
    },
  },
];
