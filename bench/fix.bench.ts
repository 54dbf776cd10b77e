/**
 * FIX 4.4: framing (encode, decode with checksum), ExecutionReport parsing, and the round trip of an order over
 * loopback TCP through the session layer, the FXCM adapter and the FXCM simulator (submit answered by the
 * simulator's first ExecutionReport).
 */
import { AccountId, ClientOrderId, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { createFxcmSimulator } from '../src/simulators/fxcm';
import { encodeFix, FixDecoder, type FixField } from '../src/venues/fix/codec';
import { createFxcmVenue } from '../src/venues/fxcm';
import { parseExecutionReport } from '../src/venues/fxcm/parse/execution-report';
import { percentiles, throughput, type Benchmark } from './harness';

const REPORT: FixField[] = [
  [35, '8'], [49, 'FXCM'], [50, 'U100D1'], [56, 'client1'], [34, '15'], [52, '20260105-12:00:00.000'], [1, '01960313'], [6, '1.08507'], [11, 'order-1'],
  [14, '10000'], [15, 'EUR'], [17, '821172034'], [31, '1.08507'], [32, '10000'], [37, '225909074'], [38, '10000'], [39, '2'], [40, '1'], [54, '1'],
  [55, 'EUR/USD'], [59, '3'], [60, '20260105-12:00:00.000'], [150, 'F'], [151, '0'], [336, 'FXCM'], [625, 'U100D1'], [9000, '1'], [9050, 'OM'], [9051, 'F'],
];

export const benchmarks: Benchmark[] = [
  {
    name: 'fix-codec',
    async run() {
      const framed = encodeFix('FIX.4.4', REPORT);
      const encode = throughput(200_000, () => encodeFix('FIX.4.4', REPORT));
      const decoder = new FixDecoder();
      const decode = throughput(200_000, () => decoder.push(framed));
      const message = decoder.push(framed).messages[0];
      if (message === undefined) throw new Error('the benchmark frame did not decode');
      const parse = throughput(200_000, () => parseExecutionReport(message));
      return [
        { benchmark: 'fix-codec', metric: 'encode ExecutionReport', value: Math.round(encode), unit: 'msg/s' },
        { benchmark: 'fix-codec', metric: 'decode ExecutionReport (checksum checked)', value: Math.round(decode), unit: 'msg/s' },
        { benchmark: 'fix-codec', metric: 'parse ExecutionReport into exact decimals', value: Math.round(parse), unit: 'msg/s' },
      ];
    },
  },
  {
    name: 'fix-fxcm-round-trip',
    async run() {
      const sim = await createFxcmSimulator({ prices: 'scripted' });
      const account = sim.login.accounts[0]?.id ?? '';
      const client = createFxcmVenue({ config: { environment: 'simulator', host: sim.host, port: sim.port, senderCompId: 'bench_client1', accountIds: [account] }, username: sim.login.username, password: sim.login.password, logger: silentLogger() });
      await client.connect();
      const samples: bigint[] = [];
      const price = Price.parse('1.00000');
      try {
        for (let i = 0; i < 1200; i++) {
          const id = `bench-${i}`;
          const request: OrderRequest = { clientOrderId: ClientOrderId.parse(id), accountId: AccountId.parse(account), instrumentId: InstrumentId.parse('EUR/USD.FXCM'), side: 'buy', type: 'limit', quantity: Quantity.parse('1000'), price, timeInForce: 'GTC', postOnly: false, reduceOnly: false };
          const start = process.hrtime.bigint();
          await client.submit({ request, venueClientOrderId: id as VenueClientOrderId });
          if (i >= 200) samples.push(process.hrtime.bigint() - start);
        }
      } finally {
        await client.disconnect();
        await sim.close();
      }
      const p = percentiles(samples);
      return Object.entries(p).map(([metric, value]) => ({ benchmark: 'fix-fxcm-round-trip', metric: `submit → first ExecutionReport ${metric}`, value: Math.round(value / 1000), unit: 'µs', notes: 'loopback TCP, resting limit orders, 1000 measured after 200 warm-up' }));
    },
  },
];
