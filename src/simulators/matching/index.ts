/**
 * The venue-agnostic matching engine: the heart of the paper venue and of every wire-exact venue simulator
 * (OANDA, Binance, ...). A simulator front end (HTTP/WS in the venue's own wire format) owns one engine, maps
 * its requests to `SimOrderRequest`, and maps `MatchingEvent`s to its wire messages.
 *
 * Typical wiring:
 * ```ts
 * const engine = createMatchingEngine({ clock, seed: 7, instruments, accounts, latency: { kind: 'fixed', ms: 5 } });
 * engine.attachSource(createSyntheticSource({ seed: 7, startAt: clock.now(), instruments }));
 * engine.onEvent((event) => { ...map to wire... });
 * const ticket = engine.submit({ accountId, instrumentId, clientOrderId: 'abc', side: 'buy', type: 'market', ... });
 * clock timer → engine.advanceTo(clock.now());   // applies market data, delayed commands, expiries in time order
 * const outcome = await ticket.done;
 * persist(engine.saveEncoded());  ...  createMatchingEngine(config, savedText) after a restart
 * (re-create the sources with `decodeExact<MatchingSnapshot>(savedText).sources[i]` as their `state`)
 * ```
 *
 * Realism (never optimistic): market orders walk the displayed levels (slippage from the walk, partial fills
 * across levels, the rest canceled when the book runs dry); a resting limit joins the back of the queue at its
 * level and fills only as the source's trades consume the queue ahead of it, or when the book crosses it;
 * commands reach the book after the configured latency, so the book may have moved.
 *
 * Determinism: the same config, seed, snapshot and inputs produce the same events byte for byte (ids are
 * counters, randomness comes only from seeded PRNGs, ties break by arrival sequence).
 *
 * Listeners run synchronously inside the engine's step and must not throw; they may submit or cancel
 * (an on-fill order), which runs at once, nested in the step.
 */
export type * from './types';
export type { MatchingEngine, MatchingSnapshot } from './api';
export { createMatchingEngine } from './engine';
export { createSyntheticSource, type SyntheticSource, type SyntheticSourceOptions } from './synthetic-source';
export { createReplaySource, parseRecordedLine, formatRecordedLine, type ReplaySourceOptions } from './replay-source';
export { createRandom, type Random } from './random';
