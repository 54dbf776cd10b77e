import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { startService } from '../src/app/start-service';
import { silentLogger } from '../src/shared/logger';
const directory = mkdtempSync(join(tmpdir(), 'tmt-h1-http-'));
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
const token = service.bootstrapAdminToken ?? '';
const pool = new Pool(service.url, { connections: 10, pipelining: 1 });
let sent = 0; const lat: number[] = [];
const run = async (ms: number) => { const deadline = Date.now() + ms; await Promise.all(Array.from({ length: 10 }, async () => { while (Date.now() < deadline) { const i = sent++; const t = process.hrtime.bigint(); const r = await pool.request({ method: 'POST', path: '/api/v1/orders', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ clientOrderId: `p-${i}`, accountId: 'paper-fx', instrumentId: 'EUR_USD.PAPER', side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: '1000' }) }); const text = await r.body.text(); if (r.statusCode !== 201 && sent < 50000) console.log(text.slice(0, 300)); if (r.statusCode !== 201) { console.log(r.statusCode, i); } lat.push(Number(process.hrtime.bigint() - t)); } })); };
await run(1500); lat.length = 0; const c0 = process.cpuUsage(); const t0 = Date.now(); sent = 100000; await run(Number(process.env.MS ?? 4000));
const cu = process.cpuUsage(c0); lat.sort((a, b) => a - b); console.log(`cpu us/req ${((cu.user + cu.system) / lat.length).toFixed(1)} (user ${(cu.user/lat.length).toFixed(1)} sys ${(cu.system/lat.length).toFixed(1)})`);
console.log(`req/s ${(lat.length / ((Date.now() - t0) / 1000)).toFixed(0)} p50 ${(lat[lat.length >> 1]! / 1e6).toFixed(2)}ms p99 ${(lat[Math.floor(lat.length * 0.99)]! / 1e6).toFixed(2)}ms`);
await pool.close(); await service.app.close();
