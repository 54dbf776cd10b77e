import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startService } from '../src/app/start-service';
import { silentLogger } from '../src/shared/logger';
import { validate } from '../src/api/schemas/validate';
import { orderBodySchema, toOrderRequest } from '../src/api/schemas/order-schema';
const directory = mkdtempSync(join(tmpdir(), 'tmt-h1-inproc-'));
const path = join(directory, 'tmt.yaml');
writeFileSync(path, `accounts:
  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD], startingBalance: "100000000"}
risk:
  global: {submitRatePerSecond: 1000000, maxOpenOrders: null}
api: {port: 0, rateLimitPerSecond: 1000000, dashboard: false}
store: {dataDir: ./data}
logging: {level: silent}
`);
const service = await startService({ path, env: {} }, { logger: silentLogger(), processMetrics: false });
while (!service.app.engine.quotes().some((q) => q.instrumentId === 'EUR_USD.PAPER')) await new Promise((r) => setTimeout(r, 10));
let sent = 0; const lat: number[] = [];
const body = (i: number) => ({ clientOrderId: `d-${i}`, accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: '1000' });
const run = async (ms: number) => { const deadline = Date.now() + ms; await Promise.all(Array.from({ length: 10 }, async () => { while (Date.now() < deadline) { const i = sent++; const t = process.hrtime.bigint(); await service.app.engine.submit(toOrderRequest(validate(orderBodySchema, body(i), 'body')), 'bench'); lat.push(Number(process.hrtime.bigint() - t)); await new Promise((r) => setImmediate(r)); } })); };
await run(1000); lat.length = 0;
const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
const c0 = process.cpuUsage(); const t0 = Date.now(); await run(Number(process.env.MS ?? 4000));
const cu = process.cpuUsage(c0); h.disable();
lat.sort((a, b) => a - b);
console.log(`orders/s ${(lat.length / ((Date.now() - t0) / 1000)).toFixed(0)} p50 ${(lat[lat.length >> 1]! / 1e6).toFixed(2)}ms p99 ${(lat[Math.floor(lat.length * 0.99)]! / 1e6).toFixed(2)}ms cpu us/order ${((cu.user + cu.system) / lat.length).toFixed(1)} loop-delay max ${(h.max / 1e6).toFixed(1)}ms p99 ${(h.percentile(99) / 1e6).toFixed(1)}ms`);
await service.app.close();
