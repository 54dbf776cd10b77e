/**
 * A deterministic draw in [-1, 1] for (seed, index): stateless, so a parent restarted from the journal draws
 * the same numbers for the same slices (no generator state to persist). mulberry32 over a mixed key.
 */
export function seededUnit(seed: number, index: number, stream: number): number {
  let t = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35)) >>> 0;
  t = (t + 0x6d2b79f5) >>> 0;
  let r = Math.imul(t ^ (t >>> 15), 1 | t);
  r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
  return (((r ^ (r >>> 14)) >>> 0) / 4294967296) * 2 - 1;
}
