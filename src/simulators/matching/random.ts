/**
 * Seeded pseudo-random numbers (mulberry32): one 32-bit word of state, so it saves and restores exactly and
 * the same seed gives the same sequence on every platform. Not for anything secret.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number;
  /** Approximately standard normal (Irwin-Hall of 12 uniforms): plain arithmetic, identical everywhere. */
  nextNormal(): number;
  /** The state to pass back to createRandom to resume the sequence exactly here. */
  state(): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    nextInt: (bound) => Math.floor(next() * bound),
    nextNormal: () => {
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += next();
      return sum - 6;
    },
    state: () => state,
  };
}
