import type { VenueName } from '../../core';

/** The simulator's own reading of the spot / Binance.US differences (kept apart from the adapter's on purpose). */
export interface SimProfile {
  readonly name: 'spot' | 'us';
  readonly venue: VenueName;
  readonly userStream: 'ws-api' | 'listen-key';
  readonly amendKeepPriority: boolean;
  readonly keyTypes: readonly ('hmac' | 'ed25519' | 'rsa')[];
}

export const SIM_PROFILES: Readonly<Record<'spot' | 'us', SimProfile>> = {
  spot: { name: 'spot', venue: 'BINANCE', userStream: 'ws-api', amendKeepPriority: true, keyTypes: ['hmac', 'ed25519', 'rsa'] },
  us: { name: 'us', venue: 'BINANCEUS', userStream: 'listen-key', amendKeepPriority: false, keyTypes: ['hmac'] },
};
