import type { Signal, SignalExit } from './signal';

/** A signal as JSON (decimals as strings), the shape of POST /api/v1/signals and of the bus event. */
export interface SignalWire {
  readonly clientSignalId: string;
  readonly agentId: string;
  readonly instrumentId: string;
  readonly intent: string;
  readonly confidence: string;
  readonly entry: { readonly type: 'market' } | { readonly type: 'limit'; readonly price: string };
  readonly stopLoss?: { readonly price: string } | { readonly distance: string };
  readonly takeProfit?: { readonly price: string } | { readonly distance: string };
  readonly expiresAt?: number;
  readonly accounts?: readonly string[];
  readonly metadata?: Readonly<Record<string, string | number | boolean | null>>;
}

function exitWire(exit: SignalExit): { price: string } | { distance: string } {
  return exit.kind === 'price' ? { price: exit.price.toString() } : { distance: exit.distance.toString() };
}

/** The wire form of a validated signal; parseSignal(signalToWire(s)) gives s back (receivedAt aside). */
export function signalToWire(signal: Signal): SignalWire {
  return {
    clientSignalId: signal.signalId,
    agentId: signal.agentId,
    instrumentId: signal.instrumentId,
    intent: signal.intent,
    confidence: signal.confidence.toString(),
    entry:
      signal.entry.type === 'market'
        ? { type: 'market' }
        : { type: 'limit', price: signal.entry.price.toString() },
    ...(signal.stopLoss === undefined ? {} : { stopLoss: exitWire(signal.stopLoss) }),
    ...(signal.takeProfit === undefined ? {} : { takeProfit: exitWire(signal.takeProfit) }),
    ...(signal.expiresAt === undefined ? {} : { expiresAt: signal.expiresAt }),
    ...(signal.accounts === undefined ? {} : { accounts: [...signal.accounts] }),
    metadata: signal.metadata,
  };
}

/**
 * The content the idempotency key protects, as one canonical string: a resent signal with the same id and
 * the same content is the same signal; the same id with other content is a conflict.
 */
export function signalFingerprint(signal: Signal): string {
  const wire = signalToWire(signal);
  const metadata = Object.keys(wire.metadata ?? {})
    .sort()
    .map((key) => [key, wire.metadata?.[key]]);
  return JSON.stringify({ ...wire, metadata });
}
