import { Decimal, Price, Quantity, type BookLevel } from '../src/core';
import { routeOrder, type RouteBook } from '../src/engine/algos';
import { throughput, type Benchmark } from './harness';

/**
 * Routing decision time (issue 16, aim <= 50 us): one routeOrder over three venues' 20-level ask books
 * (Binance BTCUSDT, Coinbase BTC-USD, OKX BTC-USDT, each with its quote rate and taker fee), ranking all 60
 * levels after fees, taking them within budgets and lots, and checking minimums. The books are built once; the
 * bench is the decision alone. The peer in the same run is a sort of the same 60 levels by raw price (the
 * least any ranking router does), so the ratio survives a loaded machine.
 */
function asks(mid: number, step: number, seed: number): BookLevel[] {
  const out: BookLevel[] = [];
  for (let k = 0; k < 20; k++) {
    const size = ((seed * (k + 3)) % 17) + 1;
    out.push({ price: Price.parse((mid + k * step).toFixed(2)), quantity: Quantity.parse(`0.${String(size).padStart(3, '0')}`) });
  }
  return out;
}

const venue = (leg: number, levels: BookLevel[], rate: string, fee: string, lot: string): RouteBook => ({
  leg,
  levels,
  quoteRate: Decimal.parse(rate),
  feeRate: Decimal.parse(fee),
  sizeIncrement: Decimal.parse(lot),
  minQuantity: Decimal.parse(lot),
  minNotional: Decimal.parse('5'),
  budget: Decimal.parse('250000'),
});

export const benchmarks: Benchmark[] = [
  {
    name: 'algo-route',
    async run() {
      const books = [
        venue(0, asks(60000, 0.5, 7), '0.9995', '0.001', '0.00001'),
        venue(1, asks(59990, 0.75, 11), '1', '0.006', '0.00000001'),
        venue(2, asks(60005, 0.4, 5), '0.9995', '0.0008', '0.00000001'),
      ];
      const quantity = Decimal.parse('1.5');
      let routed = 0;
      const routeOps = throughput(20_000, () => {
        routed += routeOrder('buy', quantity, books).allocations.length;
      });
      const all = books.flatMap((b) => b.levels);
      let first = 0;
      const peerOps = throughput(20_000, () => {
        first += [...all].sort((a, b) => a.price.compare(b.price)).length;
      });
      const routeNs = 1e9 / routeOps;
      const peerNs = 1e9 / peerOps;
      return [
        { benchmark: 'algo-route', metric: 'routing decision, 3 books x 20 levels', value: routeNs, unit: 'ns/op', aim: '<= 50000 ns', notes: `${(routeNs / peerNs).toFixed(1)}x the raw 60-level sort peer; allocations ${routed > 0 ? 'made' : 'none'}` },
        { benchmark: 'algo-route', metric: 'peer: sort 60 levels by price', value: peerNs, unit: 'ns/op', notes: first > 0 ? 'same run' : '' },
      ];
    },
  },
];
