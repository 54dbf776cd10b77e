/**
 * The docker-compose recipe's agent process: a 5/20 moving-average agent that talks to TMT over the bus
 * (MESSAGE_BROKER_URL) instead of HTTP. Its code is examples/trend-agent.ts's; only the connection differs.
 * Instances started with the same TMT_AGENT_GROUP share the event stream (each event to one of them).
 */
import { connectBroker } from '../src/bus';
import { TmtAgent } from 'tmt/sdk';

const url = process.env.MESSAGE_BROKER_URL ?? 'redis://127.0.0.1:6379';
const broker = await connectBroker(url.startsWith('nats') ? 'nats' : 'redis', { url, prefix: process.env.TMT_BUS_PREFIX ?? 'tmt' });
const group = process.env.TMT_AGENT_GROUP;
const agent = await TmtAgent.start({ bus: { broker, ...(group === undefined ? {} : { group }) }, heartbeatMs: 30_000 });
const closes: number[] = [];
const mean = (n: number) => closes.slice(-n).reduce((sum, close) => sum + close, 0) / n;
let side: 'long' | 'short' | undefined;

agent.onCandle(async (candle) => {
  closes.push(candle.close.toApproximateNumber()); // indicator arithmetic only; prices sent stay strings
  if (closes.length < 20) return;
  const next = mean(5) > mean(20) ? 'long' : 'short';
  if (next === side) return;
  side = next;
  const range = candle.high.sub(candle.low).toString();
  await agent.signal({ instrumentId: 'EUR_USD.PAPER', intent: next, confidence: '0.7', stopLoss: { distance: range === '0' ? '0.0005' : range } });
});
process.once('SIGTERM', () => {
  agent.close();
  void broker.close().then(() => process.exit(0));
});
console.log(`agent ${agent.agentId} running over the bus`);
