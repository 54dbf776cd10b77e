/**
 * An example strategy agent: a 5/20 moving-average crossover on one-minute candles of EUR_USD, with a stop
 * two candle ranges away. Run it as a managed agent (orchestrator.managed in tmt.yaml) or by hand with
 * TMT_API_URL, TMT_API_TOKEN (trade scope) and TMT_AGENT_ID set.
 */
import { TmtAgent } from 'tmt/sdk';

const agent = await TmtAgent.start({
  timeframeMs: Number(process.env.TIMEFRAME_MS ?? 60_000),
  heartbeatMs: Number(process.env.HEARTBEAT_MS ?? 30_000),
});
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
  await agent.signal({
    instrumentId: 'EUR_USD.PAPER',
    intent: next,
    confidence: '0.7',
    stopLoss: { distance: range === '0' ? '0.0005' : range },
  });
});
agent.onFill((fill) => console.log(`filled ${fill.side} ${fill.lastQuantity} @ ${fill.lastPrice}`));
process.once('SIGTERM', () => {
  agent.close();
  process.exit(0);
});
console.log(`agent ${agent.agentId} running`);
